//! Just enough shell to read RUN lines: words with quotes, and the simple commands between `&&`, `||`, `;`,
//! `|` and newlines, each reduced to the program that runs and its arguments.

/// Split into words, honouring single and double quotes and backslash escapes.
pub fn words(s: &str) -> Vec<String> {
    tokens(s)
        .into_iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w),
            Token::Op => None,
        })
        .collect()
}

enum Token {
    Word(String),
    Op,
}

fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut has_word = false;
    let mut chars = s.chars().peekable();
    let flush = |out: &mut Vec<Token>, word: &mut String, has: &mut bool| {
        if *has {
            out.push(Token::Word(std::mem::take(word)));
            *has = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                has_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    word.push(c);
                }
            }
            '"' => {
                has_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        _ => word.push(c),
                    }
                }
            }
            '\\' => {
                // A backslash-newline left in a heredoc script continues the line.
                match chars.next() {
                    Some('\n') | None => {}
                    Some(n) => {
                        word.push(n);
                        has_word = true;
                    }
                }
            }
            '&' | '|' | ';' | '\n' | '(' | ')' => {
                flush(&mut out, &mut word, &mut has_word);
                out.push(Token::Op);
            }
            c if c.is_whitespace() => flush(&mut out, &mut word, &mut has_word),
            c => {
                word.push(c);
                has_word = true;
            }
        }
    }
    flush(&mut out, &mut word, &mut has_word);
    out
}

/// The simple commands of a script, each as argv with the program reduced to its name: leading
/// `VAR=value` assignments and wrappers (`sudo`, `env`, `exec`) dropped, `/opt/venv/bin/pip` read as `pip`,
/// and `python -m pip` as `pip`.
pub fn commands(script: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for t in tokens(script) {
        match t {
            Token::Word(w) => cur.push(w),
            Token::Op => {
                if !cur.is_empty() {
                    out.push(normalize(std::mem::take(&mut cur)));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(normalize(cur));
    }
    out.retain(|c| !c.is_empty());
    out
}

fn normalize(mut argv: Vec<String>) -> Vec<String> {
    loop {
        let Some(first) = argv.first() else {
            return argv;
        };
        let is_assignment = first.contains('=')
            && first.split('=').next().is_some_and(|n| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        if is_assignment || matches!(first.as_str(), "sudo" | "env" | "exec" | "time" | "nohup") {
            argv.remove(0);
            continue;
        }
        break;
    }
    if let Some(first) = argv.first_mut() {
        *first = first.rsplit('/').next().unwrap_or(first).to_string();
    }
    let python = argv.first().is_some_and(|p| p.starts_with("python"));
    if python && argv.get(1).map(String::as_str) == Some("-m") && argv.len() > 2 {
        argv.drain(..2);
    }
    argv
}

/// Does the command match `pattern` (`tool sub words…`)? The tool is the program (`pip3` and `pip` are told
/// apart by the pattern list); `sub` is the first argument that is not a flag, `*` any, and absent when the
/// pattern has only the tool; every further pattern word must appear among the arguments.
pub fn matches(argv: &[String], pattern: &str) -> bool {
    let p: Vec<&str> = pattern.split_whitespace().collect();
    let Some((tool, rest)) = p.split_first() else {
        return false;
    };
    if argv.first().map(String::as_str) != Some(*tool) {
        return false;
    }
    let args = &argv[1..];
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    match rest.first() {
        None => sub.is_none(),
        Some(&"*") => true,
        Some(want) => {
            sub == Some(*want)
                && rest[1..].iter().all(|w| {
                    args.iter()
                        .any(|a| a == w || (w.len() == 2 && a.starts_with(w)))
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_commands_and_normalizes_programs() {
        let c = commands("CGO_ENABLED=0 go build . && sudo /opt/venv/bin/pip install -r req.txt; python3 -m pip install .");
        assert_eq!(c[0], ["go", "build", "."]);
        assert_eq!(c[1], ["pip", "install", "-r", "req.txt"]);
        assert_eq!(c[2], ["pip", "install", "."]);
    }

    #[test]
    fn patterns() {
        let argv = |s: &str| commands(s).remove(0);
        assert!(matches(&argv("yarn --frozen-lockfile"), "yarn"));
        assert!(!matches(&argv("yarn run build"), "yarn"));
        assert!(matches(
            &argv("pip install --no-cache-dir -r r.txt"),
            "pip install -r"
        ));
        assert!(matches(&argv("pip install -rr.txt"), "pip install -r"));
        assert!(!matches(&argv("pip install gunicorn"), "pip install -r"));
        assert!(matches(&argv("mvn -B package"), "mvn *"));
        assert!(matches(&argv("go mod download"), "go mod download"));
        assert_eq!(words(r#"a "b c" 'd'"#), ["a", "b c", "d"]);
    }
}
