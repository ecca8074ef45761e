//! The PHP stack: where the PHP version comes from and in which order, which framework is chosen, the
//! folder Apache serves, the extensions `ext-*` requirements install, a Laravel app's package.json (a PHP
//! app, with the choice recorded), and malformed manifests named by file and line.

use crate::common;

use common::{dockerfile, plan, Project};

fn toolchain(p: &Project) -> (String, String) {
    let app = plan(p, &[]);
    let t = &app["toolchain"];
    (
        t["version"].as_str().unwrap().to_string(),
        t["source"].as_str().unwrap().to_string(),
    )
}

/// A Laravel app as `laravel new` lays it out, reduced to what detection reads.
fn laravel() -> Project {
    Project::new()
        .file(
            "composer.json",
            r#"{
    "name": "laravel/laravel",
    "type": "project",
    "require": {
        "php": "^8.2",
        "laravel/framework": "^12.0",
        "laravel/tinker": "^2.10.1"
    },
    "require-dev": {"phpunit/phpunit": "^11.5.3"},
    "autoload": {"psr-4": {"App\\": "app/"}}
}
"#,
        )
        .file(
            "artisan",
            "#!/usr/bin/env php\n<?php\n$app = require_once __DIR__.'/bootstrap/app.php';\n",
        )
        .file(
            "public/index.php",
            "<?php\nrequire __DIR__.'/../vendor/autoload.php';\n",
        )
        .file("routes/web.php", "<?php\n")
}

#[test]
fn version_sources_are_read_in_the_documented_order() {
    let p = Project::new()
        .file(
            "composer.json",
            r#"{"require": {"php": ">=8.1 <8.4"}, "config": {"platform": {"php": "8.2.15"}}}"#,
        )
        .file(
            "composer.lock",
            r#"{"packages": [], "platform": {"php": "~8.1.0"}}"#,
        )
        .file(".php-version", "8.3\n")
        .file(".tool-versions", "php 8.4.1\n")
        .file("mise.toml", "[tools]\nphp = \"8.5\"\n")
        .file("index.php", "<?php echo 'hi';\n");
    assert_eq!(
        toolchain(&p),
        ("8.2".into(), "composer.json config.platform.php".into())
    );
    // require.php is a range: the newest line with images that it admits.
    p.write("composer.json", r#"{"require": {"php": ">=8.1 <8.4"}}"#);
    assert_eq!(
        toolchain(&p),
        ("8.3".into(), "composer.json require.php".into())
    );
    p.write(
        "composer.json",
        r#"{"require": {"monolog/monolog": "^3.0"}}"#,
    );
    assert_eq!(
        toolchain(&p),
        ("8.1".into(), "composer.lock platform.php".into())
    );
    p.remove("composer.lock");
    assert_eq!(toolchain(&p), ("8.3".into(), ".php-version".into()));
    p.remove(".php-version");
    assert_eq!(toolchain(&p), ("8.4".into(), ".tool-versions".into()));
    p.remove(".tool-versions");
    assert_eq!(toolchain(&p), ("8.5".into(), "mise.toml".into()));
    p.remove("mise.toml");
    assert_eq!(toolchain(&p), ("8.5".into(), "default".into()));
}

#[test]
fn composer_ranges_pick_the_newest_line_with_images() {
    let p = Project::new().file("index.php", "<?php\n");
    for (constraint, line) in [
        ("^8.2", "8.5"),
        ("~8.2", "8.5"),
        ("~8.2.0", "8.2"),
        ("8.1.*|8.2.*", "8.2"),
        (">=8.1,<8.3", "8.2"),
        ("^8.1 || ^8.3", "8.5"),
    ] {
        p.write(
            "composer.json",
            format!(r#"{{"require": {{"php": "{constraint}"}}}}"#),
        );
        assert_eq!(toolchain(&p).0, line, "require.php {constraint}");
    }
    // An end-of-life line the official images still serve (7.4, on bullseye) is kept, with a warning.
    p.write("composer.json", r#"{"require": {"php": "^7.4"}}"#);
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "7.4");
    assert!(app["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("past its end of life")));
    // A range no image serves is a warning, and the default stands.
    p.write("composer.json", r#"{"require": {"php": "^5.6"}}"#);
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "8.5");
    assert!(app["warnings"].as_array().unwrap().iter().any(|w| w
        .as_str()
        .unwrap()
        .contains("no known php line satisfies `^5.6`")));
    // A range that admits a pinned platform is no conflict.
    p.write(
        "composer.json",
        r#"{"require": {"php": "^8.2"}, "config": {"platform": {"php": "8.3.0"}}}"#,
    );
    let app = plan(&p, &[]);
    assert_eq!(app["toolchain"]["version"], "8.3");
    assert!(!app["warnings"].to_string().contains("asks for"), "{app}");
}

#[test]
fn opcache_is_enabled_before_8_5_and_built_in_from_8_5() {
    let p = Project::new()
        .file("index.php", "<?php\n")
        .file(".php-version", "8.4\n");
    let df = dockerfile(&p, &[]);
    assert!(df.contains("FROM php:8.4-apache-trixie AS base"), "{df}");
    assert!(df.contains("docker-php-ext-enable opcache"), "{df}");
    assert!(df.contains("opcache.validate_timestamps=0"), "{df}");
    assert!(df.contains("mv \"$PHP_INI_DIR/php.ini-production\" \"$PHP_INI_DIR/php.ini\""));
    p.write(".php-version", "8.5\n");
    let df = dockerfile(&p, &[]);
    assert!(!df.contains("docker-php-ext-enable opcache"), "{df}");
    assert!(df.contains("opcache.enable=1"), "{df}");
}

#[test]
fn a_plain_site_is_served_from_its_root_as_www_data_on_8080() {
    let p = Project::new()
        .file("index.php", "<?php echo 'hello';\n")
        .file("about.php", "<?php\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "php");
    assert_eq!(app["package_manager"], "none");
    assert_eq!(app["framework"], serde_json::Value::Null);
    assert_eq!(app["port"], 8080);
    assert_eq!(app["user"], serde_json::json!({"uid": 33, "gid": 33}));
    let df = dockerfile(&p, &[]);
    assert!(df.contains("Listen 8080"), "{df}");
    assert!(df.contains("<VirtualHost *:8080>"), "{df}");
    assert!(!df.contains("/var/www/html/public"), "root docroot: {df}");
    assert!(!df.contains("composer"), "{df}");
    assert!(!df.contains("FallbackResource"), "{df}");
    assert!(df.contains("COPY . /var/www/html/"), "{df}");
    assert!(df.contains("USER 33:33"), "{df}");
    assert!(df.contains(r#"CMD ["apache2-foreground"]"#), "{df}");
    // --port moves Apache too.
    let df = dockerfile(&p, &["--port", "9000"]);
    assert!(
        df.contains("Listen 9000") && df.contains("EXPOSE 9000"),
        "{df}"
    );
}

#[test]
fn public_index_php_makes_public_the_docroot() {
    let p = Project::new()
        .file(
            "composer.json",
            r#"{"require": {"php": "^8.3", "monolog/monolog": "^3.0"}}"#,
        )
        .file("public/index.php", "<?php\n")
        .file("src/App.php", "<?php\n");
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("s#/var/www/html$#/var/www/html/public#"),
        "{df}"
    );
    assert!(df.contains("FallbackResource /index.php"), "{df}");
    assert!(
        df.contains("composer dump-autoload --optimize --no-dev\n"),
        "{df}"
    );
    // No lock: a warning, and only composer.json is copied.
    assert!(df.contains("COPY composer.json ./"), "{df}");
    assert!(df.contains("no composer.lock"), "{df}");
}

#[test]
fn laravel_needs_artisan_and_gets_public_writable_storage_and_production_env() {
    let p = laravel().file(
        "composer.lock",
        r#"{"packages": [], "platform": {"php": "^8.2"}}"#,
    );
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "laravel");
    assert_eq!(app["package_manager"], "composer");
    let df = dockerfile(&p, &[]);
    assert!(df.contains("COPY composer.json composer.lock ./"), "{df}");
    assert!(df.contains("composer install --no-dev --no-scripts --no-autoloader --prefer-dist"));
    assert!(
        df.contains("--mount=type=cache,target=/tmp/composer-cache"),
        "{df}"
    );
    assert!(df.contains("COPY --from=composer:2.10 /usr/bin/composer /usr/bin/composer"));
    assert!(!df.contains("--classmap-authoritative"), "{df}");
    assert!(df.contains("chown -R 33:33 storage/app"), "{df}");
    // Package discovery (a post-autoload-dump script) writes to bootstrap/cache: made before the dump.
    assert!(
        df.find("mkdir -p storage/app").unwrap() < df.find("composer dump-autoload").unwrap(),
        "{df}"
    );
    assert!(df.contains("bootstrap/cache"), "{df}");
    assert!(df.contains("/var/www/html/public"), "{df}");
    assert!(df.contains("LOG_CHANNEL=stderr"), "{df}");
    assert!(df.contains("&& php artisan storage:link"), "{df}");
    assert!(df.contains("APP_KEY"), "the run-time secret is named: {df}");
    // Without artisan, laravel/framework is a library dependency, not a Laravel app.
    p.remove("artisan");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], serde_json::Value::Null);
}

#[test]
fn symfony_uses_an_authoritative_classmap_and_a_writable_var() {
    let p = Project::new()
        .file(
            "composer.json",
            r#"{"require": {"php": ">=8.2", "symfony/framework-bundle": "7.3.*", "symfony/runtime": "7.3.*"}}"#,
        )
        .file("composer.lock", r#"{"packages": [], "platform": []}"#)
        .file("public/index.php", "<?php\n")
        .file("bin/console", "#!/usr/bin/env php\n");
    let app = plan(&p, &[]);
    assert_eq!(app["framework"], "symfony");
    let df = dockerfile(&p, &[]);
    assert!(df.contains("--classmap-authoritative"), "{df}");
    assert!(df.contains("chown -R 33:33 var"), "{df}");
    // Its runtime reads .env at boot, and .dockerignore keeps the project's out: an empty one.
    assert!(df.contains("RUN touch .env"), "{df}");
    assert!(df.contains("APP_ENV=prod"), "{df}");
}

#[test]
fn ext_requirements_install_extensions_with_their_libraries() {
    let p = Project::new()
        .file(
            "composer.json",
            r#"{"require": {"php": "^8.3", "ext-gd": "*", "ext-mbstring": "*", "ext-redis": "*",
                "ext-imagick": "*", "ext-PDO_MySQL": "*"}}"#,
        )
        .file(
            "composer.lock",
            r#"{"packages": [{"name": "phpoffice/phpspreadsheet", "version": "4.0.0",
                "require": {"ext-zip": "*", "ext-gd": "*", "ext-ctype": "*"}}],
                "packages-dev": [{"name": "x/dev", "require": {"ext-xdebug": "*"}}],
                "platform": {"php": "^8.3"}}"#,
        )
        .file("index.php", "<?php\n");
    let app = plan(&p, &[]);
    let evidence: Vec<String> = app["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fact"] == "extension")
        .map(|e| {
            format!(
                "{} {}",
                e["value"].as_str().unwrap(),
                e["source"].as_str().unwrap()
            )
        })
        .collect();
    let mut evidence = evidence;
    evidence.sort();
    assert_eq!(
        evidence,
        vec![
            "gd composer.json",
            "pdo_mysql composer.json",
            "redis composer.json",
            "zip composer.lock (phpoffice/phpspreadsheet)"
        ]
    );
    let warnings = app["warnings"].to_string();
    assert!(warnings.contains("ext-imagick"), "{warnings}");
    assert!(
        !warnings.contains("xdebug"),
        "dev packages are not installed: {warnings}"
    );
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("docker-php-ext-configure gd --with-freetype --with-jpeg --with-webp"),
        "{df}"
    );
    assert!(
        df.contains("docker-php-ext-install -j\"$(nproc)\" gd pdo_mysql zip"),
        "{df}"
    );
    assert!(df.contains("pecl install redis"), "{df}");
    assert!(df.contains("docker-php-ext-enable redis"), "{df}");
    assert!(
        df.contains("libpng16-16t64") && df.contains("libzip5"),
        "{df}"
    );
    assert!(
        df.contains("apt-get purge -y --auto-remove libfreetype-dev libjpeg62-turbo-dev libpng-dev libwebp-dev libzip-dev"),
        "{df}"
    );
    // With ext-zip Composer unpacks archives itself: no unzip in the build stage.
    assert!(!df.contains("unzip"), "{df}");
}

#[test]
fn a_laravel_app_with_a_vite_package_json_stays_php_and_builds_its_assets_in_node() {
    let p = laravel()
        .file(
            "package.json",
            r#"{"private": true, "type": "module", "scripts": {"build": "vite build", "dev": "vite"},
                "devDependencies": {"laravel-vite-plugin": "^2.0.0", "vite": "^7.0.4"}}"#,
        )
        .file("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
        .file("index.html", "<!doctype html>\n")
        .file("vite.config.js", "export default {};\n");
    let app = plan(&p, &[]);
    assert_eq!(app["stack"], "php");
    assert_eq!(app["framework"], "laravel");
    assert_eq!(app["build"], "pnpm run build");
    let amb = &app["ambiguities"][0];
    assert_eq!(amb["what"], "stack");
    assert_eq!(amb["chosen"], "php");
    assert_eq!(
        amb["candidates"],
        serde_json::json!(["php", "node", "static"])
    );
    assert!(amb["rule"].as_str().unwrap().contains("front-end assets"));
    let df = dockerfile(&p, &[]);
    assert!(df.contains("FROM node:24-trixie-slim AS assets"), "{df}");
    assert!(df.contains("pnpm install --frozen-lockfile"), "{df}");
    assert!(
        df.contains("COPY --from=assets /app/public/build /var/www/html/public/build"),
        "{df}"
    );
    // --stack still reaches the superseded stacks.
    assert_eq!(plan(&p, &["--stack", "static"])["stack"], "static");
}

#[test]
fn composer_for_tooling_beside_a_node_app_leaves_it_to_node() {
    let p = Project::new()
        .file(
            "composer.json",
            r#"{"require-dev": {"squizlabs/php_codesniffer": "^3.0"}}"#,
        )
        .file(
            "package.json",
            r#"{"name": "api", "main": "server.js", "dependencies": {"express": "^5.0.0"}}"#,
        )
        .file("server.js", "require('express')().listen(3000);\n");
    assert_eq!(plan(&p, &[])["stack"], "node");
    let p = Project::new()
        .file(
            "composer.json",
            r#"{"require-dev": {"phpstan/phpstan": "^2.0"}}"#,
        )
        .file("go.mod", "module example.com/api\n\ngo 1.24\n")
        .file("main.go", "package main\n\nfunc main() {}\n");
    assert_eq!(plan(&p, &[])["stack"], "go");
}

#[test]
fn a_composer_library_without_an_entry_says_what_to_add() {
    let p = Project::new().file(
        "composer.json",
        r#"{"name": "acme/lib", "require": {"php": "^8.2"}}"#,
    );
    let out = p.dockgen(&["plan"]).failure().get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("composer.json"), "{err}");
    assert!(err.contains("public/index.php"), "{err}");
}

#[test]
fn malformed_composer_files_name_the_file_and_line_and_change_nothing() {
    for (file, text, needle) in [
        (
            "composer.json",
            "{\n  \"require\": {\n    \"php\": \"^8.2\",\n  }\n}\n",
            "composer.json:4",
        ),
        (
            "composer.json",
            "{\n  \"name\": \"a/b\",\n  \"require\": [\"php\"]\n}\n",
            "composer.json:3",
        ),
        (
            "composer.lock",
            "{\n  \"packages\": [\n    {\"version\": \"1.0\"}\n  ]\n}\n",
            "composer.lock:2",
        ),
        ("composer.json", "", "composer.json: is empty"),
        ("composer.json", "[\"a\"]", "must be a JSON object"),
        ("composer.json", "\u{7f}ELF\u{1}\u{ff}", "composer.json"),
    ] {
        let p = Project::new().file("index.php", "<?php\n").file(file, text);
        if file == "composer.lock" {
            p.write("composer.json", "{}");
        }
        let before = p.names();
        for args in [&["plan"][..], &["init", "--yes"][..]] {
            let out = p.dockgen(args).code(1).get_output().clone();
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(err.contains(needle), "{file}: {err}");
            assert!(!err.contains("panicked"), "{err}");
            assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        }
        assert_eq!(p.names(), before, "nothing written");
    }
}

#[test]
fn a_plain_site_without_composer_keeps_its_committed_vendor_folder() {
    let p = Project::new()
        .file(
            "index.php",
            "<?php require __DIR__ . '/vendor/autoload.php';\n",
        )
        .file("vendor/autoload.php", "<?php\n");
    p.dockgen(&["init", "--yes"]).success();
    let ignore = p.read(".dockerignore");
    assert!(!ignore.lines().any(|l| l == "vendor"), "{ignore}");
    // With composer.json, the image installs vendor/ itself, so the local one stays out.
    let p = Project::new()
        .file("composer.json", r#"{"require":{"php":"^8.4"}}"#)
        .file("public/index.php", "<?php\n");
    p.dockgen(&["init", "--yes"]).success();
    assert!(p.read(".dockerignore").lines().any(|l| l == "vendor"));
}

#[test]
fn a_plain_site_gets_the_extensions_its_code_calls_and_mod_rewrite_for_its_htaccess() {
    let p = Project::new()
        .file(
            "index.php",
            "<?php\n$db = new mysqli('db', 'app', getenv('DB_PASSWORD'), 'app');\n",
        )
        .file(
            "lib/store.php",
            "<?php\n$pdo = new PDO('mysql:host=db;dbname=app', 'app', '');\n",
        )
        .file(
            ".htaccess",
            "<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteRule ^ index.php [L]\n</IfModule>\n",
        )
        .file("vendor/lib/zip.php", "<?php\n$z = new ZipArchive();\n");
    let app = plan(&p, &[]);
    let evidence = app["evidence"].to_string();
    assert!(evidence.contains("index.php:2"), "{evidence}");
    assert!(evidence.contains("lib/store.php:2"), "{evidence}");
    let df = dockerfile(&p, &[]);
    assert!(
        df.contains("docker-php-ext-install -j\"$(nproc)\" mysqli pdo_mysql"),
        "{df}"
    );
    assert!(df.contains("a2enmod rewrite"), "{df}");
    // Committed vendor/ code is not the site's own: its ZipArchive is not taken as a requirement.
    assert!(!df.contains(" zip"), "{df}");
    // A Composer project states its extensions; its code is not searched.
    let c = Project::new()
        .file("composer.json", r#"{"require":{"php":"^8.4"}}"#)
        .file("public/index.php", "<?php\n$db = new mysqli();\n");
    assert!(!dockerfile(&c, &[]).contains("mysqli"));
}

fn docroot(app: &serde_json::Value) -> String {
    common::evidence(app, "docroot")
        .last()
        .map(|e| e["value"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn a_heroku_procfile_names_the_docroot_and_apache_serves_it() {
    // Sweep class K: `heroku-php-apache2 web/` is Heroku's launcher; the folder it names is the docroot.
    let p = Project::new()
        .file(
            "composer.json",
            r#"{"require": {"php": "^8.3", "slim/slim": "^4.14"}}"#,
        )
        .file("web/index.php", "<?php\n")
        .file("Procfile", "web: heroku-php-apache2 -C apache.conf web/\n");
    let app = plan(&p, &[]);
    assert_eq!(app["start"], serde_json::json!(["apache2-foreground"]));
    assert_eq!(app["framework"], "slim");
    assert_eq!(docroot(&app), "web");
    assert!(common::warnings(&app).contains("Heroku's own launcher"));
    let df = dockerfile(&p, &[]);
    assert!(df.contains("s#/var/www/html$#/var/www/html/web#"), "{df}");
    assert!(df.contains(r#"CMD ["apache2-foreground"]"#), "{df}");
}

#[test]
fn an_index_php_in_web_webroot_or_htdocs_is_a_web_app_served_from_there() {
    for dir in ["web", "webroot", "htdocs"] {
        let p = Project::new()
            .file("composer.json", r#"{"require": {"php": "^8.3"}}"#)
            .file(&format!("{dir}/index.php"), "<?php\n");
        let app = plan(&p, &[]);
        assert_eq!(app["stack"], "php", "{dir}");
        assert_eq!(app["framework"], serde_json::Value::Null, "{dir}");
        assert_eq!(docroot(&app), dir);
    }
}

#[test]
fn codeigniter_cakephp_yii_laminas_and_mezzio_are_recognised_with_their_docroots() {
    for (package, id, dir) in [
        ("codeigniter4/framework", "codeigniter", "public"),
        ("cakephp/cakephp", "cakephp", "webroot"),
        ("yiisoft/yii2", "yii", "web"),
        ("laminas/laminas-mvc", "laminas", "public"),
        ("mezzio/mezzio", "mezzio", "public"),
    ] {
        let p = Project::new()
            .file(
                "composer.json",
                format!(r#"{{"require": {{"php": "^8.3", "{package}": "*"}}}}"#),
            )
            .file(&format!("{dir}/index.php"), "<?php\n")
            .file("index.php", "<?php\n");
        let app = plan(&p, &[]);
        assert_eq!(app["framework"], id, "{package}");
        assert_eq!(docroot(&app), dir, "{package}");
    }
}
