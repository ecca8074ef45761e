//! Start commands read as a shell reads them: the cases the sweep found, one per test.

use super::{parse, StartCommand};

fn p(cmd: &str) -> StartCommand {
    parse(
        cmd,
        8080,
        &["db:migrate".into(), "migrate".into()],
        &["npm run ".into()],
    )
    .unwrap()
}

fn argv(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn inline_variables_become_env_and_the_port_is_filled_in() {
    let s = p("RACK_ENV=production WEB_CONCURRENCY=2 bundle exec puma -p ${PORT:-3000}");
    assert_eq!(
        s.env,
        vec![
            ("RACK_ENV".to_string(), "production".to_string()),
            ("WEB_CONCURRENCY".to_string(), "2".to_string())
        ]
    );
    assert_eq!(s.argv, argv(&["bundle", "exec", "puma", "-p", "8080"]));
    assert_eq!(s.shell, None);
}

#[test]
fn a_migration_before_the_server_is_a_release_step() {
    let s = p("rake db:migrate && bundle exec rails server -b 0.0.0.0 -p $PORT");
    assert_eq!(s.release, vec!["rake db:migrate".to_string()]);
    assert_eq!(
        s.argv,
        argv(&["bundle", "exec", "rails", "server", "-b", "0.0.0.0", "-p", "8080"])
    );
    assert_eq!(s.shell, None);
    let s = p("npm run scss && node app.js");
    assert_eq!(s.build, vec!["npm run scss".to_string()]);
    assert_eq!(s.argv, argv(&["node", "app.js"]));
}

#[test]
fn anything_else_runs_through_a_shell_with_the_server_execed() {
    let s = p("node banner.js; node server.js");
    assert_eq!(
        s.shell.as_deref(),
        Some("node banner.js; exec node server.js")
    );
    assert!(s.argv.is_empty());
    let s = p("echo \"start\" && exec node server.js");
    assert_eq!((s.argv, s.shell), (argv(&["node", "server.js"]), None));
    let s = p("bundle exec puma -e $RAILS_ENV");
    assert_eq!(
        s.shell.as_deref(),
        Some("exec bundle exec puma -e $RAILS_ENV")
    );
    let s = p("node server.js | tee log");
    assert_eq!(s.shell.as_deref(), Some("node server.js | tee log"));
    // Quoted operators are text, not syntax.
    let s = p("node -e 'a && b; c'");
    assert_eq!(s.argv, argv(&["node", "-e", "a && b; c"]));
}

#[test]
fn malformed_commands_are_errors() {
    for (cmd, says) in [
        ("node \"server.js", "quoted"),
        ("&& node server.js", "empty command"),
        ("", "empty"),
    ] {
        let e = parse(cmd, 1, &[], &[]).unwrap_err();
        assert!(e.contains(says), "{cmd}: {e}");
    }
}

/// Sweep (remix-run/blues-stack): `cross-env NODE_ENV=production node ./build/server.js` was no start.
#[test]
fn cross_env_and_env_prefixes_set_variables() {
    let c = p("cross-env NODE_ENV=production node ./build/server.js");
    assert_eq!(c.argv, argv(&["node", "./build/server.js"]));
    assert_eq!(
        c.env,
        vec![("NODE_ENV".to_string(), "production".to_string())]
    );
    let c = p("env A=1 B=2 bin/server");
    assert_eq!(c.argv, argv(&["bin/server"]));
    assert_eq!(c.env.len(), 2);
    let c = p("jemalloc.sh bin/puma -C config/puma.rb");
    assert_eq!(c.argv, argv(&["bin/puma", "-C", "config/puma.rb"]));
}

/// The wrappers are data (detectors/start.toml); a program not listed there is the server itself.
#[test]
fn wrappers_come_from_the_rules_file() {
    let wrappers = &super::rules().unwrap().wrappers;
    assert!(wrappers.iter().any(|w| w == "jemalloc.sh"), "{wrappers:?}");
    let c = p("nice -n 5 bin/server");
    assert_eq!(c.argv, argv(&["nice", "-n", "5", "bin/server"]));
}

#[test]
fn exec_alone_is_no_command() {
    // Found by the procfile fuzz target: `exec` parsed to an empty argv and no script.
    assert!(parse("exec", 8080, &[], &[]).is_err());
    assert!(parse("  exec  ", 8080, &[], &[]).is_err());
}
