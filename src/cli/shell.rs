//! `dockgen completions` and `dockgen man`: shell completion scripts and the man page, generated from the
//! same clap definitions the binary parses with, so they never drift from the real flags.

use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in; the script goes to stdout, e.g.
    /// `dockgen completions bash > ~/.local/share/bash-completion/completions/dockgen`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> Result<(), dockgen::Error> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "dockgen", &mut std::io::stdout());
    Ok(())
}

/// The man page (roff) on stdout: `dockgen man > ~/.local/share/man/man1/dockgen.1`.
pub fn man() -> Result<(), dockgen::Error> {
    use std::io::Write;
    let stdout_error = |source| dockgen::Error::Write {
        path: "<stdout>".into(),
        source,
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(super::Cli::command())
        .render(&mut out)
        .map_err(stdout_error)?;
    std::io::stdout().write_all(&out).map_err(stdout_error)
}

/// `--version`: the release, and the date of the official images' tags the image catalogue was checked
/// against (data/official-tags.toml, written by scripts/refresh-tags.py).
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (image catalogue checked against the official images' tags of {})",
            env!("CARGO_PKG_VERSION"),
            catalogue_date()
        )
    })
}

fn catalogue_date() -> String {
    let data: toml::Table =
        toml::from_str(include_str!("../../data/official-tags.toml")).unwrap_or_default();
    data.get("date")
        .and_then(|d| d.as_str())
        .unwrap_or("an unknown date")
        .to_string()
}
