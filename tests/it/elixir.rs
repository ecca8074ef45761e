//! Elixir detection and planning: where the Elixir line and OTP major come from, the OTP → Debian pairing
//! of the build and runtime images, the framework, the start command, the port, the release name, and
//! the other stacks a Phoenix app's assets could be mistaken for.

use crate::common;

use common::{dockerfile, evidence, plan, Project};

fn mix_exs(app: &str, elixir: &str, deps: &str, extra: &str) -> String {
    format!(
        "defmodule App.MixProject do\n  use Mix.Project\n\n  def project do\n    [\n      app: :{app},\n      version: \"0.1.0\",\n      elixir: \"{elixir}\",\n{extra}      deps: deps()\n    ]\n  end\n\n  defp deps do\n    [\n{deps}\n    ]\n  end\nend\n"
    )
}

fn app(deps: &str) -> Project {
    Project::new()
        .file("mix.exs", mix_exs("shop", "~> 1.15", deps, ""))
        .file("lib/shop.ex", "defmodule Shop do\nend\n")
}

#[test]
fn no_version_anywhere_takes_the_newest_line_and_its_newest_otp() {
    let a = plan(&app("      {:plug, \"~> 1.18\"}"), &[]);
    assert_eq!(a["stack"], "elixir");
    assert_eq!(a["package_manager"], "mix");
    // The requirement `~> 1.15` admits the newest line, which is the default.
    assert_eq!(a["toolchain"]["version"], "1.20");
    assert_eq!(a["images"]["build"], "elixir:1.20-otp-29-slim");
    assert_eq!(a["images"]["runtime"], "debian:trixie-slim");
    assert_eq!(evidence(&a, "otp")[0]["origin"], "default");
}

#[test]
fn a_narrow_mix_exs_requirement_picks_the_newest_line_it_admits() {
    let p = Project::new().file("mix.exs", mix_exs("shop", "~> 1.17.2", "", ""));
    let a = plan(&p, &[]);
    assert_eq!(a["toolchain"]["version"], "1.17");
    assert_eq!(a["toolchain"]["source"], "mix.exs elixir");
    // Elixir 1.17's newest OTP is 27, built on Debian 12.
    assert_eq!(a["images"]["build"], "elixir:1.17-otp-27-slim");
    assert_eq!(a["images"]["runtime"], "debian:bookworm-slim");
}

#[test]
fn tool_versions_pins_elixir_and_erlang_over_mix_exs() {
    let p = app("").file(".tool-versions", "erlang 28.0.2\nelixir 1.19.3-otp-28\n");
    let a = plan(&p, &[]);
    assert_eq!(a["toolchain"]["version"], "1.19");
    assert_eq!(a["toolchain"]["source"], ".tool-versions");
    assert_eq!(a["images"]["build"], "elixir:1.19-otp-28-slim");
    assert_eq!(a["images"]["runtime"], "debian:trixie-slim");
    assert_eq!(evidence(&a, "otp")[0]["source"], ".tool-versions erlang");
    // `~> 1.15` admits 1.19: no conflict to warn about.
    assert_eq!(a["warnings"], serde_json::json!([]));
}

#[test]
fn the_otp_suffix_of_the_elixir_entry_pins_otp() {
    let p = app("").file(".tool-versions", "elixir 1.18.4-otp-26\n");
    let a = plan(&p, &[]);
    assert_eq!(a["images"]["build"], "elixir:1.18-otp-26-slim");
    assert_eq!(a["images"]["runtime"], "debian:bookworm-slim");
    assert_eq!(evidence(&a, "otp")[0]["source"], ".tool-versions elixir");
}

#[test]
fn mise_toml_pins_both() {
    let p = app("").file(
        "mise.toml",
        "[tools]\nelixir = \"1.18.4\"\nerlang = \"27.3\"\n",
    );
    let a = plan(&p, &[]);
    assert_eq!(a["toolchain"]["source"], "mise.toml");
    assert_eq!(a["images"]["build"], "elixir:1.18-otp-27-slim");
    assert_eq!(a["images"]["runtime"], "debian:bookworm-slim");
}

#[test]
fn an_old_otp_runs_on_bullseye_with_a_warning() {
    let p = app("").file(".tool-versions", "elixir 1.17.3\nerlang 25.3\n");
    let a = plan(&p, &[]);
    assert_eq!(a["images"]["build"], "elixir:1.17-otp-25-slim");
    assert_eq!(a["images"]["runtime"], "debian:bullseye-slim");
    assert!(a["warnings"].to_string().contains("bullseye"));
}

#[test]
fn an_otp_the_line_has_no_image_for_is_an_error_naming_those_it_has() {
    let p = app("").file(".tool-versions", "elixir 1.16.3\nerlang 28.1\n");
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains(
            "OTP 28 with Elixir 1.16 has no official elixir image (Elixir 1.16 images carry OTP 24, 25, 26)",
        ));
    // A line flag keeps the pinned OTP, and must have it too.
    let ok = app("").file(".tool-versions", "erlang 28.1\n");
    assert_eq!(
        plan(&ok, &["--toolchain-version", "1.19"])["images"]["build"],
        "elixir:1.19-otp-28-slim"
    );
    ok.dockgen(&["plan", "--toolchain-version", "1.17"])
        .code(1)
        .stderr(predicates::str::contains(
            "Elixir 1.17 images carry OTP 25, 26, 27",
        ));
    // An OTP the project leaves open follows the line chosen.
    let open = app("");
    assert_eq!(
        plan(&open, &["--toolchain-version", "1.17"])["images"]["build"],
        "elixir:1.17-otp-27-slim"
    );
}

#[test]
fn every_build_image_pairs_with_the_debian_release_its_otp_is_built_on() {
    let rules = dockgen::stacks::rules().unwrap();
    // The erlang slim images' bases (erlang/docker-erlang-otp): what an OTP's ERTS is linked against.
    let debian = |otp: u32| match otp {
        24 | 25 => "debian:bullseye-slim",
        26 | 27 => "debian:bookworm-slim",
        28 | 29 => "debian:trixie-slim",
        _ => panic!("OTP {otp}: which Debian does its erlang image build on?"),
    };
    let builds: Vec<&String> = rules
        .images
        .build
        .iter()
        .filter(|r| r.language.as_deref() == Some("elixir"))
        .flat_map(|r| &r.versions)
        .collect();
    assert!(builds.len() >= 10);
    for key in builds {
        let otp: u32 = key.split_once("-otp-").unwrap().1.parse().unwrap();
        let (_, runtime, note) = rules
            .images
            .runtime(
                dockgen::facts::ArtifactKind::new("beam-release"),
                &format!("otp-{otp}"),
            )
            .unwrap();
        assert_eq!(runtime, debian(otp), "{key}");
        assert!(note.is_none(), "{key}: {note:?}");
    }
}

#[test]
fn phoenix_wins_over_its_own_bandit_and_plain_plug_servers_are_told_apart() {
    let phx = app("      {:phoenix, \"~> 1.8\"},\n      {:bandit, \"~> 1.5\"}");
    let a = plan(&phx, &[]);
    assert_eq!(a["framework"], "phoenix");
    assert_eq!(a["port"], 4000);
    let bandit = app("      {:plug, \"~> 1.18\"},\n      {:bandit, \"~> 1.5\"}");
    assert_eq!(plan(&bandit, &[])["framework"], "plug-bandit");
    let cowboy = app("      {:plug_cowboy, \"~> 2.7\"}");
    assert_eq!(plan(&cowboy, &[])["framework"], "plug-cowboy");
    // A dev-only dependency is not what the release serves with.
    let dev = app("      {:jason, \"~> 1.4\"},\n      {:bandit, \"~> 1.5\", only: :dev}");
    let a = plan(&dev, &[]);
    assert_eq!(a["framework"], serde_json::Value::Null);
    // Nothing else in it serves: an OTP app without a server has no port.
    assert_eq!(a["port"], serde_json::Value::Null);
}

#[test]
fn start_is_bin_server_when_phx_gen_release_wrote_it_else_the_release_script() {
    let phx = app("      {:phoenix, \"~> 1.8\"}");
    let a = plan(&phx, &[]);
    assert_eq!(a["start"], serde_json::json!(["/app/bin/shop", "start"]));
    let df = dockerfile(&phx, &[]);
    assert!(df.contains("PHX_SERVER=true"), "{df}");
    assert!(df.contains("CMD [\"/app/bin/shop\", \"start\"]"), "{df}");
    // The release is root's; only its tmp folder, written at boot, is the app user's (made and
    // chowned in the build stage: COPY --from keeps the owner).
    assert!(
        df.contains("COPY --from=build /app/_build/prod/rel/shop ./"),
        "{df}"
    );
    assert!(!df.contains("--chown"), "{df}");
    assert!(
        df.contains("mkdir -p /app/_build/prod/rel/shop/tmp \\\n    && chown -R 10001:10001 /app/_build/prod/rel/shop/tmp\n"),
        "{df}"
    );
    phx.write(
        "rel/overlays/bin/server",
        "#!/bin/sh\nset -eu\ncd -P -- \"$(dirname -- \"$0\")\"\nPHX_SERVER=true exec ./shop start\n",
    );
    assert_eq!(
        plan(&phx, &[])["start"],
        serde_json::json!(["/app/bin/server"])
    );
    let df = dockerfile(&phx, &[]);
    assert!(df.contains("COPY rel rel"), "{df}");
    assert!(df.contains("CMD [\"/app/bin/server\"]"), "{df}");
}

#[test]
fn a_release_named_in_mix_exs_is_the_one_built_and_started() {
    let p = Project::new().file(
        "mix.exs",
        mix_exs(
            "shop",
            "~> 1.18",
            "      {:bandit, \"~> 1.5\"}",
            "      releases: [storefront: [include_executables_for: [:unix]]],\n",
        ),
    );
    let a = plan(&p, &[]);
    assert_eq!(
        a["start"],
        serde_json::json!(["/app/bin/storefront", "start"])
    );
    assert!(dockerfile(&p, &[]).contains("/app/_build/prod/rel/storefront ./"));
}

#[test]
fn the_port_comes_from_runtime_exs_not_from_the_public_url() {
    let p = app("      {:phoenix, \"~> 1.8\"}").file(
        "config/runtime.exs",
        "import Config\n\nif config_env() == :prod do\n  config :shop, ShopWeb.Endpoint,\n    url: [host: \"example.com\", port: 443, scheme: \"https\"],\n    http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: String.to_integer(System.get_env(\"PORT\") || \"4100\")]\nend\n",
    );
    let a = plan(&p, &[]);
    assert_eq!(a["port"], 4100);
    assert_eq!(evidence(&a, "port")[0]["source"], "config/runtime.exs:6");
    assert_eq!(evidence(&a, "binding")[0]["value"], "all interfaces");
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("PORT=4100") && df.contains("EXPOSE 4100"),
        "{df}"
    );
    // runtime.exs is copied after the compile; config.exs is not there to copy.
    assert!(df.contains("COPY config/runtime.exs config/"), "{df}");

    let literal = app("      {:phoenix, \"~> 1.8\"}").file(
        "config/prod.exs",
        "import Config\nconfig :shop, ShopWeb.Endpoint,\n  url: [host: \"example.com\", port: 80],\n  http: [port: 4200]\n",
    );
    assert_eq!(plan(&literal, &[])["port"], 4200);
}

#[test]
fn a_phoenix_endpoint_on_loopback_is_flagged() {
    let p = app("      {:phoenix, \"~> 1.8\"}").file(
        "config/runtime.exs",
        "import Config\nconfig :shop, ShopWeb.Endpoint, http: [ip: {127, 0, 0, 1}, port: 4000]\n",
    );
    let w = plan(&p, &[])["warnings"].to_string();
    assert!(
        w.contains("config/runtime.exs:2") && w.contains("127.0.0.1"),
        "{w}"
    );
    let none = app("      {:phoenix, \"~> 1.8\"}");
    assert!(plan(&none, &[])["warnings"]
        .to_string()
        .contains("binds every interface"));
}

#[test]
fn the_port_of_a_bandit_child_spec() {
    let p = app("      {:bandit, \"~> 1.5\"}").file(
        "lib/shop/application.ex",
        "defmodule Shop.Application do\n  use Application\n\n  def start(_type, _args) do\n    children = [\n      {Bandit, plug: Shop.Router, port: 4321}\n    ]\n\n    Supervisor.start_link(children, strategy: :one_for_one)\n  end\nend\n",
    );
    let a = plan(&p, &[]);
    assert_eq!(a["port"], 4321);
    assert_eq!(
        evidence(&a, "port")[0]["source"],
        "lib/shop/application.ex:6"
    );
}

#[test]
fn a_phoenix_app_with_an_assets_package_json_stays_elixir() {
    let p = app("      {:phoenix, \"~> 1.8\"}")
        .file(
            "assets/package.json",
            r#"{"name":"assets","dependencies":{"alpinejs":"^3.14.0"}}"#,
        )
        .file("assets/package-lock.json", "{}\n")
        .file("assets/js/app.js", "import Alpine from 'alpinejs'\n");
    let a = plan(&p, &[]);
    assert_eq!(a["stack"], "elixir");
    assert_eq!(a["ambiguities"], serde_json::json!([]));

    // With a package.json at the root that Node would run, both stacks claim the folder; Elixir
    // supersedes Node, and the choice is shown.
    let root = app("      {:phoenix, \"~> 1.8\"}").file(
        "package.json",
        r#"{"name":"assets","scripts":{"build":"esbuild js/app.js","start":"node js/dev-server.js"},"devDependencies":{"esbuild":"0.25.4"}}"#,
    );
    let a = plan(&root, &[]);
    assert_eq!(a["stack"], "elixir");
    let amb = &a["ambiguities"][0];
    assert_eq!(amb["chosen"], "elixir");
    assert_eq!(amb["candidates"], serde_json::json!(["elixir", "node"]));
}

#[test]
fn assets_deploy_runs_after_compile_and_says_it_downloads_tools() {
    let p = Project::new()
        .file(
            "mix.exs",
            mix_exs("shop", "~> 1.15", "      {:phoenix, \"~> 1.8\"},\n      {:esbuild, \"~> 0.10\", runtime: Mix.env() == :dev}", "      aliases: [\"assets.setup\": [\"esbuild.install --if-missing\"], \"assets.deploy\": [\"esbuild shop --minify\", \"phx.digest\"]],\n"),
        )
        .file("lib/shop.ex", "defmodule Shop do\nend\n")
        .file("assets/js/app.js", "console.log('hi')\n")
        .file("assets/package.json", r#"{"dependencies":{"topbar":"3"}}"#);
    let a = plan(&p, &[]);
    assert_eq!(
        a["build"],
        "mix compile && mix assets.deploy && mix release"
    );
    let w = a["warnings"].to_string();
    assert!(
        w.contains("downloads the esbuild and tailwind binaries"),
        "{w}"
    );
    assert!(w.contains("assets/package.json"), "{w}");
    let df = dockerfile(&p, &[]);
    let compile = df.find("RUN mix compile").unwrap();
    let assets = df.find("COPY assets assets").unwrap();
    let deploy = df.find("RUN mix assets.deploy").unwrap();
    let setup = df.find("mix assets.setup").unwrap();
    assert!(
        setup < compile && compile < assets && assets < deploy,
        "{df}"
    );
}

#[test]
fn nif_and_git_dependencies_of_the_release_get_their_build_tools() {
    let lock = "%{\n  \"bcrypt_elixir\": {:hex, :bcrypt_elixir, \"3.3.2\", \"aa\", [:make, :mix], [{:comeonin, \"~> 5.3\", [hex: :comeonin, repo: \"hexpm\", optional: false]}, {:elixir_make, \"~> 0.6\", [hex: :elixir_make, repo: \"hexpm\", optional: false]}], \"hexpm\", \"bb\"},\n  \"comeonin\": {:hex, :comeonin, \"5.5.1\", \"cc\", [:mix], [], \"hexpm\", \"dd\"},\n  \"elixir_make\": {:hex, :elixir_make, \"0.9.0\", \"ee\", [:mix], [], \"hexpm\", \"ff\"},\n}\n";
    let p = app("      {:bcrypt_elixir, \"~> 3.0\"},\n      {:ui, git: \"https://example.com/ui.git\", tag: \"v1\"}")
        .file("mix.lock", lock);
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("apt-get install -y --no-install-recommends git build-essential"),
        "{df}"
    );
    // The same C dependency for tests only needs nothing in the image.
    let test_only = app("      {:bcrypt_elixir, \"~> 3.0\", only: :test}").file("mix.lock", lock);
    assert!(!dockerfile(&test_only, &[]).contains("apt-get install -y --no-install-recommends git"));
    assert!(!dockerfile(&test_only, &[]).contains("build-essential"));
}

fn umbrella(releases: &str) -> Project {
    let child = |app: &str, deps: &str, aliases: &str| {
        format!("defmodule {app}.MixProject do\n  use Mix.Project\n\n  def project do\n    [\n      app: :{app},\n      build_path: \"../../_build\",\n      config_path: \"../../config/config.exs\",\n      deps_path: \"../../deps\",\n      lockfile: \"../../mix.lock\",\n      elixir: \"~> 1.18\",\n{aliases}      deps: [\n{deps}\n      ]\n    ]\n  end\nend\n")
    };
    Project::new()
        .file(
            "mix.exs",
            format!("defmodule Shop.Umbrella.MixProject do\n  use Mix.Project\n\n  def project do\n    [\n      apps_path: \"apps\",\n      version: \"0.1.0\",\n{releases}      deps: []\n    ]\n  end\nend\n"),
        )
        .file("apps/shop/mix.exs", child("shop", "        {:jason, \"~> 1.4\"}", ""))
        .file(
            "apps/shop_web/mix.exs",
            child(
                "shop_web",
                "        {:phoenix, \"~> 1.8\"},\n        {:shop, in_umbrella: true}",
                "      aliases: [\"assets.deploy\": [\"esbuild shop_web --minify\", \"phx.digest\"]],\n",
            ),
        )
        .file("apps/shop/lib/shop.ex", "defmodule Shop do\nend\n")
        .file("apps/shop_web/lib/shop_web.ex", "defmodule ShopWeb do\nend\n")
        .file("config/config.exs", "import Config\n")
}

#[test]
fn an_umbrella_builds_the_release_its_root_names_from_all_its_apps() {
    let p = umbrella("      releases: [\n        shop: [applications: [shop: :permanent, shop_web: :permanent]]\n      ],\n");
    let a = plan(&p, &[]);
    assert_eq!(a["framework"], "phoenix");
    assert_eq!(a["toolchain"]["version"], "1.20");
    assert_eq!(a["start"], serde_json::json!(["/app/bin/shop", "start"]));
    assert_eq!(
        evidence(&a, "framework")[0]["source"],
        "apps/shop_web/mix.exs:14"
    );
    let df = dockerfile(&p, &[]);
    let deps_get = df.find("mix deps.get --only prod").unwrap();
    for m in [
        "COPY apps/shop/mix.exs apps/shop/",
        "COPY apps/shop_web/mix.exs apps/shop_web/",
    ] {
        assert!(df.find(m).is_some_and(|at| at < deps_get), "{m}:\n{df}");
    }
    assert!(df.find("COPY apps apps").unwrap() > deps_get, "{df}");
    assert!(
        df.contains("mix compile \\\n    && mix assets.deploy"),
        "{df}"
    );
    assert!(df.contains("/app/_build/prod/rel/shop ./"), "{df}");
}

#[test]
fn an_umbrella_without_a_named_release_says_what_to_add() {
    umbrella("")
        .dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains(
            "line 6: an umbrella project without `releases:`",
        ))
        .stderr(predicates::str::contains("releases: [shop: [applications:"));
}

#[test]
fn mix_without_a_lockfile_warns_and_still_fetches() {
    let a = plan(&app("      {:plug_cowboy, \"~> 2.7\"}"), &[]);
    assert!(a["warnings"].to_string().contains("no mix.lock"));
    let df = dockerfile(&app("      {:plug_cowboy, \"~> 2.7\"}"), &[]);
    assert!(df.contains("COPY mix.exs ./"), "{df}");
    assert!(df.contains("mix deps.get --only prod"), "{df}");
}

#[test]
fn a_pinned_line_without_images_moves_to_the_nearest_newer_one_that_has_its_otp() {
    // 1.11 has no `-otp-` images; 1.12 and 1.13 have none on OTP 26, 1.14 has.
    let p = app("").file(".tool-versions", "elixir 1.11.4-otp-26\n");
    let a = plan(&p, &[]);
    assert_eq!(a["images"]["build"], "elixir:1.14-otp-26-slim");
    assert!(a["warnings"]
        .to_string()
        .contains("no official elixir image for Elixir 1.11; using 1.14"));
}

#[test]
fn boot_time_secrets_and_migrations_are_pointed_out() {
    let p = app("      {:phoenix, \"~> 1.8\"}")
        .file(
            "config/runtime.exs",
            "import Config\nif config_env() == :prod do\n  database_url =\n    System.get_env(\"DATABASE_URL\") ||\n      raise \"DATABASE_URL is missing\"\n  config :shop, Shop.Repo, url: database_url, secret: System.fetch_env!(\"SECRET_KEY_BASE\")\nend\n",
        )
        .file("rel/overlays/bin/migrate", "#!/bin/sh\nexec ./shop eval Shop.Release.migrate\n");
    let w = plan(&p, &[])["warnings"].to_string();
    assert!(
        w.contains("requires DATABASE_URL, SECRET_KEY_BASE at boot"),
        "{w}"
    );
    assert!(w.contains("/app/bin/migrate"), "{w}");
    // Never baked into the image.
    assert!(!dockerfile(&p, &[]).contains("ENV DATABASE_URL"));
}
