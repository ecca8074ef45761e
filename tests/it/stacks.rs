//! How stacks that claim one folder are told apart: the supersede rule (Bun, Deno and static sites over
//! Node), the rank rule and its `ambiguities` entry in `plan --json`, and the evidence that keeps a Node
//! app on Node.

use crate::common;

use common::{dockerfile, plan, Project};

#[test]
fn a_go_api_with_a_vite_front_end_at_its_root_is_a_go_app_flagged_as_ambiguous() {
    let p = Project::new()
        .file("go.mod", "module example.com/api\n\ngo 1.24\n")
        .file("main.go", "package main\n\nfunc main() {}\n")
        .file(
            "package.json",
            r#"{"name":"web","scripts":{"build":"vite build"},"devDependencies":{"vite":"^7.0.0"}}"#,
        )
        .file("index.html", "<!doctype html>\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "go");
    let amb = &app["ambiguities"][0];
    assert_eq!(amb["what"], "stack");
    assert_eq!(amb["chosen"], "go");
    assert_eq!(amb["candidates"], serde_json::json!(["go", "static"]));
    assert!(amb["rule"].as_str().unwrap().contains("ranks first"));
    // --stack still chooses the other candidate.
    assert_eq!(plan(&p, &["--stack", "static"])["framework"], "vite");
}

#[test]
fn a_bun_lockfile_with_a_node_start_script_stays_a_node_app() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"start":"node index.js"},"devDependencies":{"@types/bun":"1"}}"#,
        )
        .file("bun.lock", "{}\n")
        .file("index.js", "require('http').createServer().listen(3000)\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "node");
    assert_eq!(app["package_manager"], "bun");
}

#[test]
fn bun_runtime_evidence_supersedes_node_and_says_so() {
    let p = Project::new()
        .file("package.json", r#"{"name":"x","module":"index.ts"}"#)
        .file("bunfig.toml", "")
        .file(
            "index.ts",
            "Bun.serve({ port: 4100, fetch: () => new Response('x') })\n",
        );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "bun");
    assert_eq!(app["start"], serde_json::json!(["bun", "run", "index.ts"]));
    assert_eq!(app["port"], 4100);
    let rules: Vec<&str> = app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["rule"].as_str())
        .collect();
    assert!(rules.contains(&"bun supersedes node"), "{rules:?}");
    // --stack node runs the Node detector, which finds no Node start for a Bun module.
    p.dockgen(&["plan", "--stack", "node"])
        .code(1)
        .stderr(predicates::str::contains("no start command"));
}

#[test]
fn a_vite_app_with_an_express_server_is_a_node_app_not_a_static_site() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"vite build","start":"node server.js"},"dependencies":{"express":"5"},"devDependencies":{"vite":"7"}}"#,
        )
        .file("server.js", "app.listen(3000)\n");
    assert_eq!(plan(&p, &[])["stack"], "node");
}

#[test]
fn astro_with_a_server_adapter_is_not_a_static_site() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"astro build","start":"node ./dist/server/entry.mjs"},"dependencies":{"astro":"5","@astrojs/node":"9"}}"#,
        )
        .file(
            "astro.config.mjs",
            "import node from '@astrojs/node';\nexport default defineConfig({ output: 'server', adapter: node({ mode: 'standalone' }) });\n",
        )
        .file("dist/server/entry.mjs", "");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "node");
    assert_eq!(app["framework"], "astro-node");
    assert_eq!(
        app["start"],
        serde_json::json!(["node", "./dist/server/entry.mjs"])
    );
    assert_eq!(app["port"], 4321);
    let df = dockerfile(&p, &[]);
    assert!(df.contains("HOST=0.0.0.0"), "{df}");
    assert!(
        df.contains("COPY --from=deps /app/node_modules ./node_modules"),
        "{df}"
    );
    assert!(df.contains("/app/dist ./dist"), "{df}");
}

#[test]
fn astro_node_in_middleware_mode_is_not_the_standalone_server() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"astro build","start":"node server.mjs"},"dependencies":{"astro":"5","@astrojs/node":"9","express":"5"}}"#,
        )
        .file(
            "astro.config.mjs",
            "export default defineConfig({ output: 'server', adapter: node({ mode: 'middleware' }) });\n",
        )
        .file("server.mjs", "app.listen(8080)\n");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "express");
    assert_eq!(app["start"], serde_json::json!(["node", "server.mjs"]));
}

#[test]
fn nuxt_runs_its_self_contained_output_on_all_interfaces() {
    // Older Nuxt 3 starters list nuxt under devDependencies.
    let p = Project::new().file(
        "package.json",
        r#"{"name":"x","scripts":{"build":"nuxt build","postinstall":"nuxt prepare"},"devDependencies":{"nuxt":"^3.17.0"}}"#,
    );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "node");
    assert_eq!(app["framework"], "nuxt");
    assert_eq!(
        app["start"],
        serde_json::json!(["node", ".output/server/index.mjs"])
    );
    assert_eq!(app["port"], 3000);
    let df = dockerfile(&p, &[]);
    assert!(df.contains("HOST=0.0.0.0"), "{df}");
    assert!(
        df.contains("COPY --from=build /app/.output ./.output"),
        "{df}"
    );
    assert!(
        !df.contains("AS deps"),
        "the output carries its own node_modules: {df}"
    );
}

const KIT: &str = r#"{"name":"x","type":"module","scripts":{"build":"vite build","prepare":"svelte-kit sync || echo ''"},"devDependencies":{"@sveltejs/kit":"^2.20.0","@sveltejs/adapter-node":"^5.2.0","@sveltejs/adapter-static":"^3.0.0","svelte":"^5.0.0","vite":"^7.0.0"}}"#;

#[test]
fn sveltekit_with_adapter_node_in_svelte_config_is_a_node_server() {
    let p = Project::new().file("package.json", KIT).file(
        "svelte.config.js",
        "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "node");
    assert_eq!(app["framework"], "sveltekit-node");
    assert_eq!(app["start"], serde_json::json!(["node", "build"]));
    assert_eq!(app["port"], 3000);
    let df = dockerfile(&p, &[]);
    assert!(df.contains("/app/package.json ./package.json"), "{df}");
    assert!(df.contains("HOST=0.0.0.0"), "{df}");
}

#[test]
fn sveltekit_3_names_its_adapter_in_vite_config() {
    let p = Project::new().file("package.json", KIT).file(
        "vite.config.js",
        "import adapter from '@sveltejs/adapter-node';\nexport default defineConfig({ plugins: [sveltekit({ adapter: adapter() })] });\n",
    );
    assert_eq!(plan(&p, &[])["framework"], "sveltekit-node");
}

#[test]
fn sveltekit_configured_with_adapter_static_stays_a_static_site() {
    // Both adapters installed: the config decides.
    let p = Project::new().file("package.json", KIT).file(
        "svelte.config.js",
        "import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter() } };\n",
    );
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "static");
    assert_eq!(app["framework"], "sveltekit-static");
}

#[test]
fn react_router_and_remix_serve_their_server_build_through_node() {
    let rr = Project::new().file(
        "package.json",
        r#"{"name":"x","type":"module","scripts":{"build":"react-router build","start":"react-router-serve ./build/server/index.js"},"dependencies":{"@react-router/node":"7","@react-router/serve":"7","react":"19","react-dom":"19","react-router":"7"},"devDependencies":{"@react-router/dev":"7","vite":"7"}}"#,
    );
    let app = plan(&rr, &[]);
    assert_eq!(app["framework"], "react-router");
    assert_eq!(
        app["start"],
        serde_json::json!([
            "node",
            "node_modules/@react-router/serve/bin.cjs",
            "build/server/index.js"
        ])
    );
    assert_eq!(app["port"], 3000);

    let remix = |vite: bool| {
        let p = Project::new().file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"remix vite:build","start":"remix-serve ./build/server/index.js"},"dependencies":{"@remix-run/node":"2","@remix-run/react":"2","@remix-run/serve":"2"},"devDependencies":{"@remix-run/dev":"2"}}"#,
        );
        if vite {
            p.file(
                "vite.config.ts",
                "import { vitePlugin as remix } from \"@remix-run/dev\";\nexport default defineConfig({ plugins: [remix()] });\n",
            )
        } else {
            p.file("remix.config.js", "module.exports = {};\n")
                .file("public/favicon.ico", "")
        }
    };
    let app = plan(&remix(true), &[]);
    assert_eq!(app["framework"], "remix");
    assert_eq!(
        app["start"],
        serde_json::json!([
            "node",
            "node_modules/@remix-run/serve/dist/cli.js",
            "build/server/index.js"
        ])
    );
    let app = plan(&remix(false), &[]);
    assert_eq!(
        app["start"],
        serde_json::json!([
            "node",
            "node_modules/@remix-run/serve/dist/cli.js",
            "build/index.js"
        ])
    );
}

fn evidence(app: &serde_json::Value, fact: &str) -> (String, String) {
    let e = app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fact"] == fact)
        .unwrap_or_else(|| panic!("no {fact} evidence in {app}"));
    (
        e["value"].as_str().unwrap().to_string(),
        e["source"].as_str().unwrap().to_string(),
    )
}

#[test]
fn prisma_schema_comes_before_the_install_and_the_client_is_generated_in_the_build() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"start":"node index.js"},"dependencies":{"@prisma/client":"^7.1.0","express":"5"},"devDependencies":{"prisma":"^7.1.0"},"prisma":{"schema":"db/schema.prisma"}}"#,
        )
        .file("db/schema.prisma", "generator client {\n  provider = \"prisma-client\"\n  output = \"../generated\"\n}\n")
        .file("index.js", "app.listen(3000)\n");
    let app = plan(&p, &[]);
    assert_eq!(
        evidence(&app, "prisma_schema"),
        ("db/schema.prisma".into(), "package.json".into())
    );
    assert_eq!(evidence(&app, "prisma_engine").0, "client");
    assert_eq!(
        app["images"]["runtime"],
        "gcr.io/distroless/nodejs24-debian13:nonroot"
    );
    let df = dockerfile(&p, &[]);
    let schema = df
        .find("COPY db/schema.prisma ./db/schema.prisma")
        .expect(&df);
    let install = df.find("npm install").expect(&df);
    assert!(schema < install, "{df}");
    // No build script: a build stage still generates the client.
    assert!(df.contains("RUN node_modules/.bin/prisma generate"), "{df}");
}

#[test]
fn prisma_config_names_the_schema() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"tsc","start":"node dist/main.js"},"dependencies":{"@prisma/client":"7.0.0"},"devDependencies":{"prisma":"7.0.0"}}"#,
        )
        .file("prisma.config.ts", "export default defineConfig({\n  schema: \"database/schema.prisma\",\n});\n")
        .file("database/schema.prisma", "generator client {\n  provider = \"prisma-client\"\n}\n");
    let app = plan(&p, &[]);
    assert_eq!(
        evidence(&app, "prisma_schema"),
        ("database/schema.prisma".into(), "prisma.config.ts".into())
    );
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("COPY prisma.config.ts ./prisma.config.ts"),
        "{df}"
    );
    assert!(
        df.contains("node_modules/.bin/prisma generate \\\n    && npm run build"),
        "{df}"
    );
}

#[test]
fn prisma_classic_engines_run_on_the_slim_node_image_with_their_client_kept() {
    let classic = |engine_type: &str| {
        Project::new()
            .file(
                "package.json",
                r#"{"name":"x","scripts":{"build":"nest build","start":"node dist/main.js"},"dependencies":{"@prisma/client":"^6.16.0","@nestjs/core":"11"},"devDependencies":{"prisma":"^6.16.0"}}"#,
            )
            .file(
                "prisma/schema.prisma",
                format!("generator client {{\n  provider = \"prisma-client-js\"\n{engine_type}}}\n"),
            )
    };
    let p = classic("");
    let app = plan(&p, &[]);
    assert_eq!(evidence(&app, "prisma_engine").0, "classic");
    assert_eq!(app["images"]["runtime"], "node:24-trixie-slim");
    assert_eq!(app["user"]["uid"], 1000);
    let df = dockerfile(&p, &[]);
    assert!(df.contains("! -name .prisma"), "{df}");
    assert!(
        df.contains("apt-get install -y --no-install-recommends openssl"),
        "{df}"
    );
    assert!(
        df.contains("COPY prisma/schema.prisma ./prisma/schema.prisma"),
        "{df}"
    );

    // engineType = "client" drops the Rust engine: distroless again.
    let app = plan(&classic("  engineType = \"client\"\n"), &[]);
    assert_eq!(evidence(&app, "prisma_engine").0, "client");
    assert_eq!(
        app["images"]["runtime"],
        "gcr.io/distroless/nodejs24-debian13:nonroot"
    );
}

#[test]
fn an_spa_without_a_build_script_names_what_to_add() {
    let p = Project::new().file(
        "package.json",
        r#"{"name":"x","devDependencies":{"vite":"7"}}"#,
    );
    p.dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("without a `build` script"));
}

#[test]
fn deno_json_supersedes_a_package_json() {
    let p = Project::new()
        .file(
            "deno.json",
            r#"{"tasks":{"start":"deno run --allow-net main.ts"}}"#,
        )
        .file("package.json", r#"{"name":"x","main":"main.ts"}"#)
        .file("main.ts", "Deno.serve(() => new Response('x'))\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "deno");
    assert_eq!(app["port"], 8000);
}

/// A freshly scaffolded SvelteKit app (`sv create`): every package under devDependencies.
fn fresh_sveltekit(adapter: &str) -> Project {
    Project::new()
        .file(
            "package.json",
            format!(
                r#"{{"name":"my-app","private":true,"version":"0.0.1","type":"module","scripts":{{"dev":"vite dev","build":"vite build","preview":"vite preview","prepare":"svelte-kit sync || echo ''"}},"devDependencies":{{"@sveltejs/{adapter}":"^6.0.0","@sveltejs/kit":"^2.22.0","@sveltejs/vite-plugin-svelte":"^6.0.0","svelte":"^5.0.0","typescript":"^5.0.0","vite":"^7.0.4"}}}}"#
            ),
        )
        .file(
            "svelte.config.js",
            format!("import adapter from '@sveltejs/{adapter}';\nimport {{ vitePreprocess }} from '@sveltejs/vite-plugin-svelte';\n\nconst config = {{\n\tpreprocess: vitePreprocess(),\n\tkit: {{ adapter: adapter() }}\n}};\n\nexport default config;\n"),
        )
        .file("src/routes/+page.svelte", "<h1>Welcome to SvelteKit</h1>\n")
}

#[test]
fn a_fresh_sveltekit_app_on_adapter_auto_is_told_which_adapter_to_install() {
    fresh_sveltekit("adapter-auto")
        .dockgen(&["plan"])
        .code(1)
        .stderr(predicates::str::contains("install @sveltejs/adapter-node"));
}

#[test]
fn a_fresh_sveltekit_app_on_adapter_node_has_no_production_dependencies_to_copy() {
    // npm writes no node_modules when every package is a dev dependency: no deps stage, no copy of it.
    let p = fresh_sveltekit("adapter-node");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "sveltekit-node");
    let df = dockerfile(&p, &[]);
    assert!(!df.contains("AS deps"), "{df}");
    assert!(!df.contains("node_modules ./node_modules"), "{df}");
    assert!(df.contains("/app/build ./build"), "{df}");
}

#[test]
fn a_node_server_on_built_ins_alone_ships_no_dev_dependencies() {
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"x","scripts":{"build":"tsc","start":"node dist/index.js"},"devDependencies":{"typescript":"5"}}"#,
        )
        .file("src/index.ts", "server.listen(8080);\n");
    let df = dockerfile(&p, &[]);
    assert!(!df.contains("AS deps"), "{df}");
    assert!(df.contains("rm -rf node_modules"), "{df}");
}

#[test]
fn the_production_install_skips_the_projects_own_install_scripts_but_builds_native_dependencies() {
    // `prepare: husky` needs a devDependency the production install leaves out.
    let p = Project::new()
        .file(
            "package.json",
            r#"{"name":"api","main":"server.js","scripts":{"prepare":"husky","start":"node server.js"},
                "dependencies":{"express":"^5.1.0"},"devDependencies":{"husky":"^9.1.7"}}"#,
        )
        .file("package-lock.json", r#"{"lockfileVersion":3,"packages":{}}"#)
        .file("server.js", "require('express')().listen(3000);\n");
    let df = dockerfile(&p, &[]);
    let deps = &df[df.find("AS deps").unwrap()..];
    assert!(
        deps.contains("npm ci --omit=dev --ignore-scripts \\\n    && npm rebuild"),
        "{df}"
    );
    // Without scripts of its own, the install is the plain one.
    p.write(
        "package.json",
        r#"{"name":"api","main":"server.js","dependencies":{"express":"^5.1.0"}}"#,
    );
    let df = dockerfile(&p, &[]);
    assert!(df.contains("npm ci --omit=dev\n"), "{df}");
    assert!(!df.contains("--ignore-scripts"), "{df}");
}
