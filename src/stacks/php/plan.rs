//! PHP plan: a `base` stage on the official Apache image with the app's extensions, the production php.ini,
//! OPcache and Apache moved to an unprivileged port; Composer installs on that same base in a build stage
//! (its platform checks then meet the runtime's PHP); a Node stage builds a framework's front-end assets;
//! the final stage is the base with the app, run as www-data.

use super::PhpDetail;
use crate::facts::Facts;
use crate::plan::{
    apt_run, copy, copy_image, env, finish, run, workdir, Base, Instr, Stage, StageName, Step,
};
use crate::rules::Rules;
use crate::version::Version;

/// Where the official image's Apache serves from, and PHP_INI_DIR.
const WEBROOT: &str = "/var/www/html";
const INI_DIR: &str = "/usr/local/etc/php";
/// Composer's cache, mounted for installs.
const COMPOSER_CACHE: &str = "/tmp/composer-cache";

/// OPcache for an image whose code never changes: no timestamp checks, room for a framework's files.
const OPCACHE_INI: &str = "opcache.enable=1
opcache.memory_consumption=128
opcache.interned_strings_buffer=16
opcache.max_accelerated_files=20000
opcache.validate_timestamps=0
realpath_cache_size=4096K
realpath_cache_ttl=600";

pub(crate) fn stages(facts: &Facts, d: &PhpDetail, base: &Base, rules: &Rules) -> Vec<Stage> {
    let stack = rules.stack(crate::stacks::php::ID);
    let port = facts.port.unwrap_or(stack.default_port);
    let mut stages = vec![Stage {
        name: Some(StageName::Base),
        image: base.runtime.clone(),
        comment: if d.manifests.is_empty() {
            "Base: PHP and Apache with production settings".into()
        } else {
            "Base: PHP and Apache with the app's extensions and production settings; Composer runs on it too, so its platform checks see the PHP that serves the app".into()
        },
        steps: base_steps(d, base, rules, port),
    }];

    let composer = !d.manifests.is_empty();
    if composer {
        stages.push(build_stage(d, base, rules));
    }
    // The build the facts carry (the assets' `npm run build`, or an answer's `--build`) runs in the
    // assets stage, or without one after the source in the Composer stage or the final one.
    let build = facts.build.as_deref();
    if let Some(a) = &d.assets {
        stages.push(assets_stage(
            a,
            build.unwrap_or(&a.build),
            base,
            rules,
            composer,
        ));
    } else if let (Some(custom), true) = (build, composer) {
        stages[1].steps.push(custom_build(custom));
    }

    let mut fin = Vec::new();
    if !d.env.is_empty() {
        let vars: Vec<(&str, String)> =
            d.env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        fin.push(Step::new(
            "The framework's production mode; secrets (APP_KEY, APP_SECRET, database settings) come at run time",
            env(&vars),
        ));
    }
    if composer {
        fin.push(Step::new(
            "The app with its vendor/ folder, owned by root so the server cannot change its own code; the folders it writes are www-data's",
            copy(Some(StageName::Build), &[WEBROOT.into()], WEBROOT, None),
        ));
    } else {
        fin.push(Step::new(
            "The site's files, owned by root so the server can read but not change them",
            copy(None, &[".".into()], &format!("{WEBROOT}/"), None),
        ));
        if let (Some(custom), None) = (build, &d.assets) {
            fin.push(custom_build(custom));
        }
    }
    if let Some(a) = &d.assets {
        fin.push(Step::new(
            "The built front-end assets only: Node and node_modules stay in their stage",
            copy(
                Some(StageName::Assets),
                &[format!("/app/{}", a.output)],
                &format!("{WEBROOT}/{}", a.output),
                None,
            ),
        ));
    }
    // The image's entrypoint (docker-php-entrypoint) execs the command: Apache becomes PID 1.
    finish(&mut fin, base.user, facts.port, false, facts.start.clone());
    stages.push(Stage {
        name: None,
        image: StageName::Base.as_str().into(),
        comment:
            "Runtime: the base with the app, served by Apache as the unprivileged www-data (uid 33)"
                .into(),
        steps: fin,
    });
    stages
}

/// Extensions, php.ini, OPcache and Apache's port, docroot and front controller.
fn base_steps(d: &PhpDetail, base: &Base, rules: &Rules, port: u16) -> Vec<Step> {
    let stack = rules.stack(crate::stacks::php::ID);
    let exts: Vec<&crate::rules::ExtensionRule> = d
        .extensions
        .iter()
        .filter_map(|e| stack.extensions.iter().find(|r| &r.name == e))
        .collect();
    let mut steps: Vec<Step> = extensions_step(&exts).into_iter().collect();
    steps.push(Step::new(
        "OPcache tuned for an image whose code never changes: no timestamp checks",
        Instr::File {
            path: format!("{INI_DIR}/conf.d/zz-opcache.ini"),
            text: OPCACHE_INI.into(),
        },
    ));
    let docroot = if d.docroot == "." {
        WEBROOT.to_string()
    } else {
        format!("{WEBROOT}/{}", d.docroot)
    };
    steps.push(server_step(d, base, port, &docroot));
    steps.push(apache_conf_step(d, &docroot));
    steps
}

/// The extensions the app requires, built with the image's helpers against -dev packages that are
/// purged afterwards; none when it requires none the rules know.
fn extensions_step(exts: &[&crate::rules::ExtensionRule]) -> Option<Step> {
    if exts.is_empty() {
        return None;
    }
    let mut build_pkgs: Vec<&str> = Vec::new();
    let mut runtime_pkgs: Vec<&str> = Vec::new();
    for r in exts {
        for p in &r.build_packages {
            if !build_pkgs.contains(&p.as_str()) {
                build_pkgs.push(p);
            }
        }
        for p in &r.runtime_packages {
            if !runtime_pkgs.contains(&p.as_str()) {
                runtime_pkgs.push(p);
            }
        }
    }
    let mut cmds: Vec<String> = Vec::new();
    if !build_pkgs.is_empty() {
        cmds.push("apt-get update".into());
        cmds.push(format!(
            "apt-get install -y --no-install-recommends {} {}",
            runtime_pkgs.join(" "),
            build_pkgs.join(" ")
        ));
    }
    cmds.extend(extension_commands(exts));
    if !build_pkgs.is_empty() {
        cmds.push(format!(
            "apt-get purge -y --auto-remove {}",
            build_pkgs.join(" ")
        ));
    }
    let cmds: Vec<&str> = cmds.iter().map(String::as_str).collect();
    let names: Vec<&str> = exts.iter().map(|r| r.name.as_str()).collect();
    Some(Step::new(
        &format!(
            "The extensions the app requires ({}), built against -dev packages that are purged afterwards; the libraries they link to stay",
            names.join(", ")
        ),
        if build_pkgs.is_empty() {
            run(&cmds, &[])
        } else {
            apt_run(&cmds)
        },
    ))
}

/// The image's helpers for core extensions (configure, then install), then PECL's for the others.
fn extension_commands(exts: &[&crate::rules::ExtensionRule]) -> Vec<String> {
    let mut cmds: Vec<String> = Vec::new();
    for r in exts.iter().filter(|r| !r.pecl) {
        if let Some(c) = &r.configure {
            cmds.push(format!("docker-php-ext-configure {} {c}", r.name));
        }
    }
    let core: Vec<&str> = exts
        .iter()
        .filter(|r| !r.pecl)
        .map(|r| r.name.as_str())
        .collect();
    if !core.is_empty() {
        cmds.push(format!(
            "docker-php-ext-install -j\"$(nproc)\" {}",
            core.join(" ")
        ));
    }
    let pecl: Vec<&str> = exts
        .iter()
        .filter(|r| r.pecl)
        .map(|r| r.name.as_str())
        .collect();
    if !pecl.is_empty() {
        cmds.push(format!("pecl install {}", pecl.join(" ")));
        cmds.push(format!("docker-php-ext-enable {}", pecl.join(" ")));
        cmds.push("rm -rf /tmp/pear".into());
    }
    cmds
}

/// The production php.ini, OPcache enabled, mod_rewrite when the app uses it, and Apache on an
/// unprivileged port serving the docroot from a web root the server cannot write.
fn server_step(d: &PhpDetail, base: &Base, port: u16, docroot: &str) -> Step {
    // OPcache is compiled in from PHP 8.5; before, the image ships it as a module to enable.
    let builtin_opcache = Version::parse(&base.version)
        .is_some_and(|v| v >= Version::parse("8.5").expect("a version"));
    let mut cmds = vec![format!(
        "mv \"$PHP_INI_DIR/php.ini-production\" \"$PHP_INI_DIR/php.ini\""
    )];
    if !builtin_opcache {
        cmds.push("docker-php-ext-enable opcache".into());
    }
    if d.rewrite {
        cmds.push("a2enmod rewrite".into());
    }
    cmds.push(format!(
        "sed -ri 's/^Listen 80$/Listen {port}/' /etc/apache2/ports.conf"
    ));
    let mut vhost = format!("-e 's/<VirtualHost \\*:80>/<VirtualHost *:{port}>/'");
    if d.docroot != "." {
        vhost.push_str(&format!(" -e 's#{WEBROOT}$#{docroot}#'"));
    }
    cmds.push(format!(
        "sed -ri {vhost} /etc/apache2/sites-available/000-default.conf"
    ));
    // The image leaves the web root www-data's and world-writable (1777): the app could add or replace
    // files beside its code. COPY of the code into it keeps the folder's owner, so it is made root's here.
    cmds.push(format!("chown root:root {WEBROOT}"));
    cmds.push(format!("chmod 755 {WEBROOT}"));
    let why = if d.docroot == "." {
        format!(
            "The production php.ini, OPcache on, {}and Apache on port {port}: www-data cannot bind port 80, nor write the web root",
            if d.rewrite { "mod_rewrite for .htaccess, " } else { "" }
        )
    } else {
        format!(
            "The production php.ini, OPcache on, {}and Apache on port {port} serving {}/: www-data cannot bind port 80, nor write the web root",
            if d.rewrite { "mod_rewrite for .htaccess, " } else { "" },
            d.docroot
        )
    };
    Step::new(
        &why,
        run(&cmds.iter().map(String::as_str).collect::<Vec<_>>(), &[]),
    )
}

/// Apache's own settings: no version banner, and the front controller for paths that are not files.
/// Written into conf-enabled (Apache includes it last, after the image's security.conf); after the RUN
/// before it so that no two small RUNs follow each other.
fn apache_conf_step(d: &PhpDetail, docroot: &str) -> Step {
    let mut conf = vec![
        "ServerName localhost".to_string(),
        "ServerTokens Prod".into(),
        "ServerSignature Off".into(),
    ];
    if d.front_controller {
        conf.push(format!("<Directory {docroot}>"));
        conf.push("    FallbackResource /index.php".into());
        conf.push("</Directory>".into());
    }
    Step::new(
        if d.front_controller {
            "Apache: no version banner, and paths that are not files go to the front controller (no .htaccess needed)"
        } else {
            "Apache: no version banner"
        },
        Instr::File {
            path: "/etc/apache2/conf-enabled/zz-app.conf".into(),
            text: conf.join("\n"),
        },
    )
}

/// Composer on the base: dependencies from the manifests alone, then the source and the autoloader.
fn build_stage(d: &PhpDetail, base: &Base, rules: &Rules) -> Stage {
    let stack = rules.stack(crate::stacks::php::ID);
    let pm = stack
        .package_manager("composer")
        .expect("php.toml has the composer package manager");
    let composer_image = rules
        .images
        .build_image(pm.image.as_deref().unwrap_or("composer"), "")
        .map(|(i, _)| i)
        .expect("images.toml has the composer image");
    let mut steps = vec![Step::then(workdir(WEBROOT))];
    let zip = d.extensions.iter().any(|e| e == "zip");
    steps.push(Step::new(
        if zip {
            "Composer's binary, pinned to its 2.x line (the zip extension unpacks its downloads)"
        } else {
            "Composer's binary, pinned to its 2.x line, and unzip to unpack the archives it downloads"
        },
        copy_image(
            &composer_image,
            &["/usr/bin/composer".into()],
            "/usr/bin/composer",
        ),
    ));
    if !zip {
        steps.push(Step::then(apt_run(&[
            "apt-get install -y --no-install-recommends unzip",
        ])));
    }
    steps.push(Step::new(
        "Composer runs as root in this throwaway stage; its cache is a mount, not a layer",
        env(&[
            ("COMPOSER_ALLOW_SUPERUSER", "1".into()),
            ("COMPOSER_CACHE_DIR", COMPOSER_CACHE.into()),
        ]),
    ));
    steps.push(Step::new(
        "Manifests and lockfile first: the dependency layer survives source edits",
        copy(None, &d.manifests, "./", None),
    ));
    steps.push(Step::then(run(&[&pm.install], &[COMPOSER_CACHE])));
    steps.extend(source_steps(d, base));
    Stage {
        name: Some(StageName::Build),
        image: StageName::Base.as_str().into(),
        comment: "Build stage: Composer installs on the runtime's own PHP and extensions".into(),
        steps,
    }
}

/// The source, then one RUN: the files and folders the app needs, the optimised autoloader, the
/// framework's build and the folders the app writes handed to its user.
fn source_steps(d: &PhpDetail, base: &Base) -> [Step; 2] {
    let mut dump = "composer dump-autoload --optimize --no-dev".to_string();
    if d.classmap_authoritative {
        dump.push_str(" --classmap-authoritative");
    }
    // Files and folders first: Laravel's package discovery (a post-autoload-dump script) writes to
    // bootstrap/cache, and Symfony's scripts read .env.
    let mut cmds = Vec::new();
    if !d.touch.is_empty() {
        cmds.push(format!("touch {}", d.touch.join(" ")));
    }
    if !d.writable.is_empty() {
        cmds.push(format!("mkdir -p {}", d.writable.join(" ")));
    }
    cmds.push(dump);
    cmds.extend(d.framework_build.clone());
    if !d.writable.is_empty() {
        // The user the final stage runs as (www-data, 33, unless --runtime-image chose another base).
        let (uid, gid) = (base.user.uid, base.user.gid);
        cmds.push(format!("chown -R {uid}:{gid} {}", d.writable.join(" ")));
    }
    let mut why = "The source, then the optimised autoloader (its post-autoload-dump scripts run now that the code is here)".to_string();
    if !d.touch.is_empty() {
        why.push_str(&format!(
            "; an empty {} (configuration comes from the environment)",
            d.touch.join(", ")
        ));
    }
    if let Some(b) = &d.framework_build {
        why.push_str(&format!("; `{b}`"));
    }
    if !d.writable.is_empty() {
        why.push_str("; the folders the app writes, owned by www-data");
    }
    [
        Step::new(&why, copy(None, &[".".into()], ".", None)),
        Step::then(run(
            &cmds.iter().map(String::as_str).collect::<Vec<_>>(),
            &[],
        )),
    ]
}

/// An answer's `--build`, run where the app's source is.
fn custom_build(command: &str) -> Step {
    Step::new(
        "The build the project asks for (an answer's --build)",
        run(&[command], &[]),
    )
}

/// Node builds the front end; only its output reaches the runtime.
fn assets_stage(
    a: &super::PhpAssets,
    build: &str,
    base: &Base,
    rules: &Rules,
    composer: bool,
) -> Stage {
    let node = rules.stack(crate::stacks::node::ID);
    let image = rules
        .images
        .build_image("node", &a.node_version)
        .map(|(i, _)| i)
        .unwrap_or_else(|| format!("node:{}-trixie-slim", a.node_version));
    let node_base = Base {
        build: image,
        version: a.node_version.clone(),
        ..base.clone()
    };
    let inst =
        crate::stacks::node::plan::install(node, &a.rule, &a.manifests, None, &node_base, rules);
    let mut steps = vec![Step::then(workdir("/app"))];
    steps.extend(inst.setup);
    steps.push(Step::new(
        "Manifests and lockfile first, so source edits reuse the dependency layer",
        copy(None, &a.manifests, "./", None),
    ));
    steps.push(Step::then(run(&[inst.install], &[inst.cache])));
    steps.push(Step::new(
        &format!(
            "The source{}, then the build that writes {}/",
            if composer {
                " and vendor/ (front ends import from PHP packages)"
            } else {
                ""
            },
            a.output
        ),
        copy(None, &[".".into()], ".", None),
    ));
    if composer {
        steps.push(Step::then(copy(
            Some(StageName::Build),
            &[format!("{WEBROOT}/vendor")],
            "./vendor",
            None,
        )));
    }
    steps.push(Step::then(run(&[build], &[])));
    Stage {
        name: Some(StageName::Assets),
        image: inst.image,
        comment: "Assets: Node builds the front end; only its output reaches the image".into(),
        steps,
    }
}
