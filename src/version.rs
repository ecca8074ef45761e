//! Versions and version ranges: enough of npm's and PEP 440's range syntax to pick a toolchain line.

use std::cmp::Ordering;

/// A dotted version; missing parts are `None` (so `22` is the whole 22 line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: Option<u64>,
    pub patch: Option<u64>,
}

impl Version {
    /// Parse `v22`, `22.3`, `1.24.5`, `go1.24.5`, `3.13.1rc1` (pre-release suffixes are dropped).
    pub fn parse(s: &str) -> Option<Version> {
        let s = s
            .trim()
            .trim_start_matches("go")
            .trim_start_matches(['v', 'V', '=']);
        let mut parts = s.split('.');
        let num = |p: Option<&str>| -> Option<Option<u64>> {
            match p {
                None => Some(None),
                Some("x" | "X" | "*") => Some(None),
                Some(p) => {
                    let digits: String = p.chars().take_while(|c| c.is_ascii_digit()).collect();
                    if digits.is_empty() {
                        None
                    } else {
                        // Parts beyond u32 are no real version; refusing them here keeps the `+ 1`
                        // of range bounds (and the TOP sentinel) clear of overflow everywhere.
                        digits.parse::<u32>().ok().map(|n| Some(u64::from(n)))
                    }
                }
            }
        };
        let major = num(parts.next())??;
        let minor = num(parts.next())?;
        let patch = if minor.is_some() {
            num(parts.next())?
        } else {
            None
        };
        Some(Version {
            major,
            minor,
            patch,
        })
    }

    fn key(&self, fill: u64) -> (u64, u64, u64) {
        (
            self.major,
            self.minor.unwrap_or(fill),
            self.patch.unwrap_or(fill),
        )
    }

    /// `major` or `major.minor`, the granularity an image tag uses.
    pub fn line(&self, parts: usize) -> String {
        match (parts, self.minor) {
            (1, _) | (_, None) => self.major.to_string(),
            (_, Some(minor)) => format!("{}.{}", self.major, minor),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key(0).cmp(&other.key(0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

/// One comparator on a full (major, minor, patch) key; `Outside` excludes a half-open span (`!=3.13.*`).
#[derive(Debug, Clone, Copy)]
enum Cmp {
    Is(Op, (u64, u64, u64)),
    Outside((u64, u64, u64), (u64, u64, u64)),
}

impl Cmp {
    fn op(&self) -> Option<Op> {
        match self {
            Cmp::Is(op, _) => Some(*op),
            Cmp::Outside(..) => None,
        }
    }

    fn key(&self) -> (u64, u64, u64) {
        match self {
            Cmp::Is(_, k) | Cmp::Outside(k, _) => *k,
        }
    }

    fn holds(&self, v: (u64, u64, u64)) -> bool {
        let (op, key) = match self {
            Cmp::Outside(lo, hi) => return v < *lo || v >= *hi,
            Cmp::Is(op, key) => (op, key),
        };
        let key = *key;
        match op {
            Op::Ge => v >= key,
            Op::Gt => v > key,
            Op::Le => v <= key,
            Op::Lt => v < key,
            Op::Eq => v == key,
            Op::Ne => v != key,
        }
    }
}

/// A range: alternatives (`||`), each a conjunction of comparators.
#[derive(Debug, Clone)]
pub struct Range(Vec<Vec<Cmp>>);

const TOP: u64 = u64::MAX / 2;

/// The comparators that a partial version `v` stands for under a wildcard or caret/tilde.
fn span(v: Version, caret: bool, tilde: bool) -> Vec<Cmp> {
    let low = v.key(0);
    let high = if caret {
        if v.major > 0 || v.minor.is_none() {
            (v.major + 1, 0, 0)
        } else {
            (0, v.minor.unwrap_or(0) + 1, 0)
        }
    } else if tilde || v.patch.is_none() {
        match v.minor {
            Some(m) if tilde || v.patch.is_none() => (v.major, m + 1, 0),
            _ => (v.major + 1, 0, 0),
        }
    } else {
        return vec![Cmp::Is(Op::Eq, low)];
    };
    vec![Cmp::Is(Op::Ge, low), Cmp::Is(Op::Lt, high)]
}

impl Range {
    /// npm semver ranges as in package.json `engines`: `>=18 <21`, `^20.1`, `18.x || 20.x`, `20 - 22`.
    pub fn npm(s: &str) -> Option<Range> {
        let mut alts = Vec::new();
        for alt in s.split("||") {
            let tokens: Vec<&str> = alt.split_whitespace().collect();
            let mut cmps = Vec::new();
            let mut i = 0;
            while i < tokens.len() {
                let t = tokens[i];
                if tokens.get(i + 1) == Some(&"-") && i + 2 < tokens.len() {
                    let lo = Version::parse(t)?;
                    let hi = Version::parse(tokens[i + 2])?;
                    cmps.push(Cmp::Is(Op::Ge, lo.key(0)));
                    cmps.extend(
                        span(hi, false, false)
                            .into_iter()
                            .filter(|c| c.op() != Some(Op::Ge)),
                    );
                    if hi.patch.is_some() {
                        cmps.retain(|c| c.op() != Some(Op::Eq));
                        cmps.push(Cmp::Is(Op::Le, hi.key(0)));
                    }
                    i += 3;
                    continue;
                }
                cmps.extend(Self::comparator(t, false)?);
                i += 1;
            }
            alts.push(cmps);
        }
        Some(Range(alts))
    }

    /// Composer constraints as in composer.json `require.php`: `^8.2`, `>=8.1 <8.4`, `8.2.*|8.3.*`,
    /// `>=8.1,<8.4`. They read as npm ranges but for three things: `|` alone is an alternative too, `,`
    /// joins like a space, and a two-part tilde moves the major (`~8.2` is `>=8.2 <9.0`, npm's `^8.2`).
    pub fn composer(s: &str) -> Option<Range> {
        let mut alts = Vec::new();
        for alt in s.split('|').map(str::trim).filter(|a| !a.is_empty()) {
            let words: Vec<String> = alt
                .split([',', ' '])
                .filter(|w| !w.is_empty())
                // Stability flags (`@stable`, `@dev`) say nothing about the version.
                .map(|w| w.split('@').next().unwrap_or(w).to_string())
                .filter(|w| !w.is_empty())
                .map(|w| match w.strip_prefix('~') {
                    Some(v) if v.matches('.').count() == 1 => format!("^{v}"),
                    _ => w,
                })
                .collect();
            if words.is_empty() {
                return None;
            }
            alts.push(words.join(" "));
        }
        if alts.is_empty() {
            return None;
        }
        Range::npm(&alts.join(" || "))
    }

    /// PEP 440 specifiers as in `requires-python`: `>=3.10,<3.13`, `~=3.11`, `==3.12.*`.
    pub fn pep440(s: &str) -> Option<Range> {
        let mut cmps = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            cmps.extend(Self::comparator(part, true)?);
        }
        Some(Range(vec![cmps]))
    }

    /// Elixir requirements as in mix.exs `elixir:`: `~> 1.17`, `~> 1.17.2`, `>= 1.15.0 and < 2.0.0`,
    /// `~> 1.16 or ~> 1.18`. `~>` is PEP 440's `~=` (`~> 1.17` is `>= 1.17, < 2.0`).
    pub fn elixir(s: &str) -> Option<Range> {
        let mut alts = Vec::new();
        for alt in s.split(" or ") {
            let mut cmps = Vec::new();
            for part in alt.split(" and ").map(str::trim) {
                let part = match part.strip_prefix("~>") {
                    Some(rest) => format!("~={}", rest.trim()),
                    None => part.replace(' ', ""),
                };
                if part.is_empty() {
                    return None;
                }
                cmps.extend(Self::comparator(&part, true)?);
            }
            alts.push(cmps);
        }
        Some(Range(alts))
    }

    fn comparator(t: &str, pep: bool) -> Option<Vec<Cmp>> {
        let t = t.trim();
        if t.is_empty() || t == "*" || t == "x" || t == "latest" {
            return Some(vec![]);
        }
        let ops = ["===", ">=", "<=", "==", "!=", "~=", "^", "~", ">", "<", "="];
        let op = ops
            .iter()
            .find(|o| t.starts_with(**o))
            .copied()
            .unwrap_or("");
        let rest = t[op.len()..].trim();
        let wildcard = rest.ends_with(".*");
        let v = Version::parse(rest.trim_end_matches(".*"))?;
        Some(match op {
            ">=" => vec![Cmp::Is(Op::Ge, v.key(0))],
            ">" if v.minor.is_none() || v.patch.is_none() => {
                vec![Cmp::Is(Op::Ge, span(v, false, false)[1].key())]
            }
            ">" => vec![Cmp::Is(Op::Gt, v.key(0))],
            "<=" if v.minor.is_none() || v.patch.is_none() => {
                vec![Cmp::Is(Op::Lt, span(v, false, false)[1].key())]
            }
            "<=" => vec![Cmp::Is(Op::Le, v.key(0))],
            "<" => vec![Cmp::Is(Op::Lt, v.key(0))],
            "^" => span(v, true, false),
            "~" => span(v, false, true),
            "~=" => {
                // ~=3.11 means >=3.11, ==3.*; ~=3.11.2 means >=3.11.2, ==3.11.*
                let upper = match v.patch {
                    Some(_) => (v.major, v.minor.unwrap_or(0) + 1, 0),
                    None => (v.major + 1, 0, 0),
                };
                vec![Cmp::Is(Op::Ge, v.key(0)), Cmp::Is(Op::Lt, upper)]
            }
            "!=" if wildcard => match span(v, false, false).as_slice() {
                [lo, hi] => vec![Cmp::Outside(lo.key(), hi.key())],
                _ => vec![Cmp::Is(Op::Ne, v.key(0))],
            },
            "!=" => vec![Cmp::Is(Op::Ne, v.key(0))],
            _ if pep && (op == "==" || op == "===") && !wildcard && v.patch.is_some() => {
                vec![Cmp::Is(Op::Eq, v.key(0))]
            }
            _ => span(v, false, false),
        })
    }

    /// Whether the line `line` (e.g. `22` or `3.12`) has any release inside the range. Each bound that
    /// falls inside the line is tried as a sample, with the line's first and newest release.
    pub fn admits_line(&self, line: &str) -> bool {
        let Some(v) = Version::parse(line) else {
            return false;
        };
        let oldest = v.key(0);
        let newest = (v.major, v.minor.unwrap_or(TOP), v.patch.unwrap_or(TOP));
        self.0.iter().any(|alt| {
            let mut samples = vec![oldest, newest];
            for c in alt {
                let k = c.key();
                samples.extend([k, (k.0, k.1, k.2.saturating_add(1))]);
            }
            samples
                .into_iter()
                .filter(|s| *s >= oldest && *s <= newest)
                .any(|s| alt.iter().all(|c| c.holds(s)))
        })
    }

    /// The line to use: `default` when the range admits it, else the newest admitted `known` line.
    pub fn choose(&self, known: &[String], default: &str) -> Option<String> {
        if self.admits_line(default) {
            return Some(default.to_string());
        }
        known
            .iter()
            .filter(|k| self.admits_line(k))
            .max_by_key(|k| Version::parse(k))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elixir_requirements() {
        let k = known(&["1.16", "1.17", "1.18", "1.19", "1.20"]);
        let pick = |r: &str| Range::elixir(r).unwrap().choose(&k, "1.20");
        assert_eq!(pick("~> 1.17").as_deref(), Some("1.20"));
        assert_eq!(pick("~> 1.17.2").as_deref(), Some("1.17"));
        assert_eq!(pick(">= 1.15.0 and < 1.19.0").as_deref(), Some("1.18"));
        assert_eq!(pick("~> 1.16.0 or ~> 1.18.1").as_deref(), Some("1.18"));
        assert_eq!(pick("== 1.19.3").as_deref(), Some("1.19"));
        assert_eq!(pick("~> 2.0"), None);
        assert!(Range::elixir("~> banana").is_none());
    }

    #[test]
    fn huge_parts_are_not_versions() {
        // Found by fuzz/version: `~18446744073709551615.1` overflowed the range's upper bound.
        assert!(Version::parse("18446744073709551615").is_none());
        assert!(Range::npm("~18446744073709551615.1").is_none());
        assert!(Range::pep440("~=4294967295.4294967295").is_some());
    }

    fn known(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn npm_ranges_pick_default_or_newest_admitted() {
        let k = known(&["18", "20", "22", "24", "26"]);
        assert_eq!(
            Range::npm(">=20").unwrap().choose(&k, "24").as_deref(),
            Some("24")
        );
        assert_eq!(
            Range::npm(">=18 <21").unwrap().choose(&k, "24").as_deref(),
            Some("20")
        );
        assert_eq!(
            Range::npm("^18.17.0").unwrap().choose(&k, "24").as_deref(),
            Some("18")
        );
        assert_eq!(
            Range::npm("18.x || 20.x")
                .unwrap()
                .choose(&k, "24")
                .as_deref(),
            Some("20")
        );
        assert_eq!(
            Range::npm("20 - 22").unwrap().choose(&k, "24").as_deref(),
            Some("22")
        );
        assert_eq!(
            Range::npm("~22.3").unwrap().choose(&k, "24").as_deref(),
            Some("22")
        );
        assert_eq!(Range::npm(">26").unwrap().choose(&k, "24"), None);
        assert_eq!(
            Range::npm("<=22").unwrap().choose(&k, "24").as_deref(),
            Some("22")
        );
    }

    #[test]
    fn composer_constraints() {
        let k = known(&["8.1", "8.2", "8.3", "8.4", "8.5"]);
        let pick = |c: &str| Range::composer(c).and_then(|r| r.choose(&k, "8.5"));
        assert_eq!(pick("^8.2").as_deref(), Some("8.5"));
        assert_eq!(pick(">=8.1 <8.4").as_deref(), Some("8.3"));
        assert_eq!(pick(">=8.1,<8.4").as_deref(), Some("8.3"));
        assert_eq!(pick("8.2.*|8.3.*").as_deref(), Some("8.3"));
        assert_eq!(pick("^8.1 || ^8.2").as_deref(), Some("8.5"));
        // Composer's two-part tilde moves the major: ~8.2 is >=8.2 <9.0.
        assert_eq!(pick("~8.2").as_deref(), Some("8.5"));
        // A three-part tilde stays within the minor, as npm's does.
        assert_eq!(pick("~8.3.1").as_deref(), Some("8.3"));
        assert_eq!(pick("8.2.10").as_deref(), Some("8.2"));
        assert_eq!(pick(">=8.2@stable").as_deref(), Some("8.5"));
        assert_eq!(pick("^7.4"), None);
        assert!(Range::composer("").is_none());
        assert!(Range::composer("dev-main").is_none());
    }

    #[test]
    fn pep440_ranges() {
        let k = known(&["3.10", "3.11", "3.12", "3.13", "3.14"]);
        assert_eq!(
            Range::pep440(">=3.12")
                .unwrap()
                .choose(&k, "3.13")
                .as_deref(),
            Some("3.13")
        );
        assert_eq!(
            Range::pep440(">=3.10,<3.12")
                .unwrap()
                .choose(&k, "3.13")
                .as_deref(),
            Some("3.11")
        );
        assert_eq!(
            Range::pep440("~=3.11")
                .unwrap()
                .choose(&k, "3.13")
                .as_deref(),
            Some("3.13")
        );
        assert_eq!(
            Range::pep440("==3.12.*")
                .unwrap()
                .choose(&k, "3.13")
                .as_deref(),
            Some("3.12")
        );
        assert_eq!(
            Range::pep440(">=3.9, !=3.13.*")
                .unwrap()
                .choose(&k, "3.13")
                .as_deref(),
            Some("3.14")
        );
    }

    #[test]
    fn versions_parse_and_order() {
        assert_eq!(Version::parse("go1.24.5").unwrap().line(2), "1.24");
        assert_eq!(Version::parse("v22.11.0").unwrap().line(1), "22");
        assert_eq!(Version::parse("3.13.1rc1").unwrap().line(2), "3.13");
        assert!(Version::parse("1.10").unwrap() > Version::parse("1.9").unwrap());
        assert!(Version::parse("lts/iron").is_none());
    }
}
