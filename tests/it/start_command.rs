//! Start commands written for a shell, in a Procfile or a package.json `start` script, for every stack
//! (real-world sweep class C / 17): inline variables become ENV, a migration before the server is a
//! documented release step, other shell syntax runs as `/bin/sh -c "… exec server"` on a runtime with a
//! shell (Node moves off distroless to its slim image, and says so); never an exec form holding shell syntax.

use crate::common;

use common::{dockerfile, plan, warnings, Project};
use serde_json::json;

fn node(start: &str) -> Project {
    Project::new()
        .file(
            "package.json",
            format!(r#"{{"name":"demo","version":"1.0.0","scripts":{{"start":"{start}"}}}}"#),
        )
        .file("package-lock.json", "{\"lockfileVersion\": 3}")
        .file(
            "server.js",
            "require('http').createServer().listen(process.env.PORT || 8080);\n",
        )
        .file("banner.js", "console.log('hi');\n")
        .file("migrate.js", "console.log('migrated');\n")
}

#[test]
fn a_node_start_script_with_a_sequence_runs_through_a_shell_on_the_slim_image() {
    let p = node("node banner.js; node server.js");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        json!(["/bin/sh", "-c", "node banner.js; exec node server.js"])
    );
    assert_eq!(app["port"], 8080);
    assert!(app["images"]["runtime"]
        .as_str()
        .unwrap()
        .starts_with("node:24-"));
    assert!(
        warnings(&app).contains("needs a shell to start, which gcr.io/distroless/nodejs24"),
        "{}",
        warnings(&app)
    );
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains(
            r#"ENTRYPOINT ["/usr/bin/tini", "--", "/bin/sh", "-c", "node banner.js; exec node server.js"]"#
        ),
        "{df}"
    );
}

#[test]
fn a_node_migration_before_the_server_is_a_release_step() {
    let p = node("node migrate.js && node server.js");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["node", "server.js"]));
    assert_eq!(app["release"], json!(["node migrate.js"]));
    // The server alone needs no shell: the runtime stays distroless.
    assert!(app["images"]["runtime"]
        .as_str()
        .unwrap()
        .contains("distroless"));
    let w = warnings(&app);
    assert!(
        w.contains("package.json scripts.start runs `node migrate.js` before the server"),
        "{w}"
    );
}

#[test]
fn a_node_build_step_before_the_server_is_left_to_the_build() {
    let app = plan(&node("npm run scss && node server.js"), &[]);
    assert_eq!(app["start"], json!(["node", "server.js"]));
    assert_eq!(app["release"], json!([]));
    assert!(warnings(&app).contains("`npm run scss` before the server: a build step"));
}

#[test]
fn inline_variables_in_a_procfile_become_env() {
    let p = node("node server.js").file("Procfile", "web: NODE_ENV=production node server.js\n");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["node", "server.js"]));
    assert_eq!(app["env"], json!(["NODE_ENV=production"]));
    let df = dockerfile(&p, &[]);
    let env = df.find("ENV NODE_ENV=production").expect(&df);
    let user = df.rfind("USER ").unwrap();
    assert!(env < user, "ENV before USER: {df}");
    assert!(
        df.contains(r#"ENTRYPOINT ["/nodejs/bin/node", "--require", "/usr/local/lib/stop-on-signal.cjs", "server.js"]"#),
        "{df}"
    );
}

fn sinatra(web: &str) -> Project {
    Project::new()
        .file("Gemfile", "source \"https://rubygems.org\"\nruby \"3.3.6\"\n")
        .file(
            "Gemfile.lock",
            "GEM\n  remote: https://rubygems.org/\n  specs:\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n\nRUBY VERSION\n   ruby 3.3.6p108\n\nBUNDLED WITH\n   2.5.22\n",
        )
        .file("app.rb", "puts 'hi'\n")
        .file("Procfile", format!("web: {web}\n"))
}

#[test]
fn a_gemfile_lock_with_no_gems_is_valid() {
    // What `bundle lock` writes for a Gemfile with no gems (sweep class B).
    let app = plan(&sinatra("ruby app.rb"), &[]);
    assert_eq!(app["stack"], "ruby");
    assert_eq!(app["package_manager"], "bundler");
    assert_eq!(app["start"], json!(["ruby", "app.rb"]));
    assert_eq!(app["toolchain"]["version"], "3.3");
    assert_eq!(app["toolchain"]["source"], "Gemfile");
}

#[test]
fn a_ruby_procfile_with_inline_env_and_a_migration() {
    let app = plan(
        &sinatra("RACK_ENV=production bundle exec rake db:migrate && bundle exec ruby app.rb -p ${PORT:-4567}"),
        &[],
    );
    // `${PORT:-…}` is the planned port, which the image exposes (and sets as PORT).
    let port = app["port"].as_u64().unwrap().to_string();
    assert_eq!(
        app["start"],
        json!(["bundle", "exec", "ruby", "app.rb", "-p", port])
    );
    assert_eq!(
        app["release"],
        json!(["RACK_ENV=production bundle exec rake db:migrate"])
    );
    let app = plan(&sinatra("RACK_ENV=production bundle exec ruby app.rb"), &[]);
    assert_eq!(app["env"], json!(["RACK_ENV=production"]));
    assert_eq!(app["start"], json!(["bundle", "exec", "ruby", "app.rb"]));
}

fn ruby_gems(gemfile: &str, lock_specs: &str, deps: &str) -> Project {
    Project::new()
        .file("Gemfile", format!("source \"https://rubygems.org\"\n{gemfile}"))
        .file(
            "Gemfile.lock",
            format!("GEM\n  remote: https://rubygems.org/\n  specs:\n{lock_specs}\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n{deps}\nBUNDLED WITH\n   2.5.22\n"),
        )
}

#[test]
fn a_ruby_script_start_listens_where_the_script_says() {
    // Sweep class J: the script reads PORT with its own default; the image must expose that, not 9292.
    let p = ruby_gems("gem \"webrick\"\n", "    webrick (1.9.1)\n", "  webrick\n")
        .file(
            "server.rb",
            "require \"webrick\"\nserver = WEBrick::HTTPServer.new(Port: Integer(ENV.fetch(\"PORT\", \"8080\")))\nserver.start\n",
        )
        .file("Procfile", "web: bundle exec ruby server.rb\n");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["bundle", "exec", "ruby", "server.rb"]));
    assert_eq!(app["port"], 8080);
    // A classic Sinatra script with no port of its own listens on Sinatra's 4567.
    let p = ruby_gems("gem \"sinatra\"\n", "    sinatra (4.1.1)\n", "  sinatra\n")
        .file("app.rb", "require \"sinatra\"\nget(\"/\") { \"hi\" }\n")
        .file("Procfile", "web: ruby app.rb\n");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], json!(["ruby", "app.rb"]));
    assert_eq!(app["port"], 4567);
}

#[test]
fn a_rack_app_with_unicorn_starts_unicorn_not_rackup() {
    let p = ruby_gems(
        "gem \"unicorn\"\n",
        "    kgio (2.11.4)\n    raindrops (0.20.1)\n    unicorn (6.1.0)\n      kgio (~> 2.6)\n      raindrops (~> 0.7)\n",
        "  unicorn\n",
    )
    .file("config.ru", "run ->(_env) { [200, {}, [\"ok\"]] }\n");
    let app = plan(&p, &[]);
    assert_eq!(
        app["start"],
        json!(["bundle", "exec", "unicorn", "-l", "0.0.0.0:9292"])
    );
    assert_eq!(app["port"], 9292);
}
