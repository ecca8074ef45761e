//! Unit tests of `mix`, kept beside it so the parser's own file stays short.

use super::*;

const MIX: &str = r#"defmodule Shop.MixProject do
  use Mix.Project

  @version "0.1.0"

  def project do
    [
      app: :shop,
      version: @version,
      elixir: "~> 1.15",
      start_permanent: Mix.env() == :prod,
      aliases: aliases(),
      deps: deps(),
      releases: [shop: [include_executables_for: [:unix]]]
    ]
  end

  def application do
    [mod: {Shop.Application, []}, extra_applications: [:logger]]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7.14"},
      # {:commented, "~> 1.0"},
      {:phoenix_live_reload, "~> 1.2", only: :dev},
      {:esbuild, "~> 0.8", runtime: Mix.env() == :dev},
      {:heroicons,
       github: "tailwindlabs/heroicons",
       tag: "v2.1.1",
       app: false},
      {:bandit, "~> 1.5"}
    ]
  end

  defp aliases do
    [
      setup: ["deps.get"],
      "assets.deploy": ["tailwind shop --minify", "phx.digest"]
    ]
  end
end
"#;

#[test]
fn scans_the_declarative_parts() {
    let p = MixProject::parse("mix.exs", MIX).unwrap();
    assert_eq!(p.app, Some(("shop".into(), 8)));
    assert_eq!(p.elixir, Some(("~> 1.15".into(), 10)));
    assert_eq!(p.releases, Some(14));
    assert_eq!(p.release.as_deref(), Some("shop"));
    assert_eq!(p.apps_path, None);
    let names: Vec<&str> = p.deps.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "phoenix",
            "phoenix_live_reload",
            "esbuild",
            "heroicons",
            "bandit"
        ]
    );
    assert_eq!(p.deps[0].requirement.as_deref(), Some("~> 1.7.14"));
    assert_eq!((p.deps[3].git, p.deps[3].line), (true, 28));
    assert_eq!(p.deps[4].line, 32);
    assert!(p.deps[1].dev_only && !p.depends_on("phoenix_live_reload"));
    assert!(p.depends_on("phoenix") && p.depends_on("bandit"));
    assert!(p.has_alias("assets.deploy") && !p.has_alias("assets.setup"));
}

#[test]
fn app_from_a_module_attribute_and_umbrellas() {
    let p = MixProject::parse(
            "mix.exs",
            "defmodule A.MixProject do\n  use Mix.Project\n  @app :api\n  def project, do: [app: @app, deps: []]\nend\n",
        )
        .unwrap();
    assert_eq!(p.app, Some(("api".into(), 4)));
    let inline = MixProject::parse(
            "mix.exs",
            "defmodule A.MixProject do\n  use Mix.Project\n  def project do\n    [app: :a,\n     deps: [\n       {:plug, \"~> 1.18\"},\n       {:bandit, \"~> 1.5\"}\n     ]]\n  end\nend\n",
        )
        .unwrap();
    let names: Vec<(&str, usize)> = inline
        .deps
        .iter()
        .map(|d| (d.name.as_str(), d.line))
        .collect();
    assert_eq!(names, [("plug", 6), ("bandit", 7)]);
    let u = MixProject::parse(
            "mix.exs",
            "defmodule U.MixProject do\n  use Mix.Project\n  def project do\n    [apps_path: \"apps\", version: \"0.1.0\"]\n  end\nend\n",
        )
        .unwrap();
    assert_eq!(u.apps_path, Some(("apps".into(), 4)));
    let r = MixProject::parse(
            "mix.exs",
            "defmodule U.MixProject do\n  use Mix.Project\n  def project do\n    [\n      releases: [\n        web: [applications: [a: :permanent]]\n      ]\n    ]\n  end\nend\n",
        )
        .unwrap();
    assert_eq!((r.releases, r.release.as_deref()), (Some(5), Some("web")));
    assert!(MixProject::parse("mix.exs", "IO.puts(:hi)\n").is_err());
}

#[test]
fn lock_lines() {
    let lock = "%{\n  \"bandit\": {:hex, :bandit, \"1.5.7\", \"f2\", [:mix], [{:plug, \"~> 1.14\", [hex: :plug, repo: \"hexpm\", optional: false]}], \"hexpm\", \"ab\"},\n  \"heroicons\": {:git, \"https://github.com/tailwindlabs/heroicons.git\", \"88ab\", [tag: \"v2.1.1\"]},\n}\n";
    let e = parse_lock("mix.lock", lock).unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].version.as_deref(), Some("1.5.7"));
    assert_eq!(e[0].deps, ["plug"]);
    assert_eq!((e[1].source.as_str(), e[1].line), ("git", 3));
    let bad = "%{\n  \"bandit\": {:hex, :bandit, \"1.5.7\"},\n  \"plug\": {:hex, :plug, 1.16.1, \"x\"},\n}\n";
    let err = parse_lock("mix.lock", bad).unwrap_err().to_string();
    assert!(err.contains("mix.lock:3"), "{err}");
    assert!(err.contains("`plug`"), "{err}");
    let open = parse_lock("mix.lock", "%{\n  \"a\": {:hex, :a, \"1.0.0\"},\n")
        .unwrap_err()
        .to_string();
    assert!(open.contains("never closed"), "{open}");
    assert!(parse_lock("mix.lock", "%{}\n").unwrap().is_empty());
}

#[test]
fn a_release_named_in_a_private_function_is_read() {
    for body in [
            "  defp releases do\n    [\n      bytepack: [applications: [a: :permanent]]\n    ]\n  end\n",
            "  defp releases, do: [bytepack: [applications: [a: :permanent]]]\n",
        ] {
            let text = format!("defmodule U.MixProject do\n  use Mix.Project\n  def project do\n    [\n      apps_path: \"apps\",\n      releases: releases()\n    ]\n  end\n\n{body}end\n");
            let r = MixProject::parse("mix.exs", &text).unwrap();
            assert_eq!((r.releases, r.release.as_deref()), (Some(6), Some("bytepack")), "{body}");
        }
}
