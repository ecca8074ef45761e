//! Versions and version ranges: a toolchain pin read as a line, and ranges read in their ecosystem's own
//! semantics by the maintained crates (nodejs-semver for npm and Composer, pep440_rs for Python and Elixir).

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

/// A version range in its ecosystem's own semantics: npm's (node-semver, through `nodejs-semver`), or
/// PEP 440's (through `pep440_rs`, as `requires-python` is read by pip and uv). Each alternative of an
/// Elixir requirement is a PEP 440 specifier set (`~>` is `~=`).
#[derive(Debug, Clone)]
pub enum Range {
    Npm(nodejs_semver::Range),
    Pep440(Vec<PepRanges>),
}

/// One PEP 440 specifier set as the interval set of releases it admits.
pub type PepRanges = version_ranges::Ranges<pep440_rs::Version>;

/// The longest range text read: nothing real comes near it, and it bounds the parsers' work.
const MAX_LEN: usize = 256;

impl Range {
    /// npm semver ranges as in package.json `engines`: `>=18 <21`, `^20.1`, `18.x || 20.x`, `20 - 22`.
    pub fn npm(s: &str) -> Option<Range> {
        if s.len() > MAX_LEN || s.trim().is_empty() {
            return None;
        }
        nodejs_semver::Range::parse(s).ok().map(Range::Npm)
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
        Some(Range::Pep440(vec![pep_ranges(s)?]))
    }

    /// Elixir requirements as in mix.exs `elixir:`: `~> 1.17`, `~> 1.17.2`, `>= 1.15.0 and < 2.0.0`,
    /// `~> 1.16 or ~> 1.18`. `~>` is PEP 440's `~=` (`~> 1.17` is `>= 1.17, < 2.0`).
    pub fn elixir(s: &str) -> Option<Range> {
        let mut alts = Vec::new();
        for alt in s.split(" or ") {
            let mut parts = Vec::new();
            for part in alt.split(" and ").map(str::trim) {
                let part = match part.strip_prefix("~>") {
                    Some(rest) => format!("~={}", rest.trim()),
                    None => part.replace(' ', ""),
                };
                if part.is_empty() {
                    return None;
                }
                parts.push(part);
            }
            alts.push(pep_ranges(&parts.join(","))?);
        }
        Some(Range::Pep440(alts))
    }

    /// Whether the line `line` (e.g. `22` or `3.12`) has any release inside the range.
    pub fn admits_line(&self, line: &str) -> bool {
        let Some(v) = Version::parse(line) else {
            return false;
        };
        match self {
            Range::Npm(r) => nodejs_semver::Range::parse(format!("{}.x", v.line(2)))
                .is_ok_and(|l| r.allows_any(&l)),
            Range::Pep440(alts) => {
                let (lo, hi) = match v.minor {
                    Some(m) => (vec![v.major, m], vec![v.major, m + 1]),
                    None => (vec![v.major], vec![v.major + 1]),
                };
                let span =
                    PepRanges::between(pep440_rs::Version::new(lo), pep440_rs::Version::new(hi));
                alts.iter().any(|r| !r.intersection(&span).is_empty())
            }
        }
    }

    /// The line to use: the newest `known` line the range admits, as npm and uv resolve a range to the
    /// newest release that satisfies it; a line past its end of life only when the range admits no other.
    pub fn choose(&self, known: &[String], end_of_life: &[String]) -> Option<String> {
        let admitted: Vec<&String> = known.iter().filter(|k| self.admits_line(k)).collect();
        let newest = |lines: &mut dyn Iterator<Item = &&String>| {
            lines
                .max_by_key(|k| Version::parse(k))
                .map(|k| k.to_string())
        };
        newest(&mut admitted.iter().filter(|k| !end_of_life.contains(k)))
            .or_else(|| newest(&mut admitted.iter()))
    }
}

/// A PEP 440 specifier set (`>=3.10,<3.13`) as release intervals; `None` when it does not parse.
fn pep_ranges(s: &str) -> Option<PepRanges> {
    if s.len() > MAX_LEN || s.trim().is_empty() {
        return None;
    }
    let specs: pep440_rs::VersionSpecifiers = s.parse().ok()?;
    Some(pep440_rs::release_specifiers_to_ranges(specs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elixir_requirements() {
        let k = known(&["1.16", "1.17", "1.18", "1.19", "1.20"]);
        let pick = |r: &str| Range::elixir(r).unwrap().choose(&k, &[]);
        assert_eq!(pick("~> 1.17").as_deref(), Some("1.20"));
        assert_eq!(pick("~> 1.17.2").as_deref(), Some("1.17"));
        assert_eq!(pick(">= 1.15.0 and < 1.19.0").as_deref(), Some("1.18"));
        assert_eq!(pick("~> 1.16.0 or ~> 1.18.1").as_deref(), Some("1.18"));
        assert_eq!(pick("== 1.19.3").as_deref(), Some("1.19"));
        assert_eq!(pick("~> 2.0"), None);
        assert!(Range::elixir("~> banana").is_none());
    }

    /// The fuzz target's property on its seeds and on inputs the crates see rarely: nothing panics, and
    /// a chosen line is admitted.
    #[test]
    fn the_fuzz_property_holds_on_the_seed_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/version");
        let mut inputs: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                String::from_utf8_lossy(&std::fs::read(e.unwrap().path()).unwrap()).into_owned()
            })
            .collect();
        inputs.extend(
            [
                "",
                "||",
                " - ",
                ">=",
                "~> ",
                "1.2.3 - ",
                "^0.0.x",
                "x.x.x",
                ">=1 <1",
                "=== 3.12",
                "~=3",
                "!=3.*",
                "==3.12.*,!=3.12.*",
                "1 or 2",
                "^99999999999999999999",
                "1.2.3-rc.1 || <2",
                "*",
                "8.2.*|8.3.*",
                ">= 1.15.0 and < 2.0.0",
            ]
            .map(String::from),
        );
        let known = known(&["16", "18", "20", "22", "24", "3.12", "3.13", "1.90"]);
        for text in &inputs {
            let ranges = [
                Range::npm(text),
                Range::pep440(text),
                Range::elixir(text),
                Range::composer(text),
            ];
            for range in ranges.into_iter().flatten() {
                if let Some(line) = range.choose(&known, &[]) {
                    assert!(range.admits_line(&line), "{text:?} chose {line}");
                }
            }
        }
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
    fn npm_ranges_pick_the_newest_admitted() {
        let k = known(&["18", "20", "22", "24", "26"]);
        assert_eq!(
            Range::npm(">=20").unwrap().choose(&k, &[]).as_deref(),
            Some("26")
        );
        assert_eq!(
            Range::npm(">=18 <21").unwrap().choose(&k, &[]).as_deref(),
            Some("20")
        );
        assert_eq!(
            Range::npm("^18.17.0").unwrap().choose(&k, &[]).as_deref(),
            Some("18")
        );
        assert_eq!(
            Range::npm("18.x || 20.x")
                .unwrap()
                .choose(&k, &[])
                .as_deref(),
            Some("20")
        );
        assert_eq!(
            Range::npm("20 - 22").unwrap().choose(&k, &[]).as_deref(),
            Some("22")
        );
        assert_eq!(
            Range::npm("~22.3").unwrap().choose(&k, &[]).as_deref(),
            Some("22")
        );
        assert_eq!(Range::npm(">26").unwrap().choose(&k, &[]), None);
        assert_eq!(
            Range::npm("<=22").unwrap().choose(&k, &[]).as_deref(),
            Some("22")
        );
    }

    #[test]
    fn composer_constraints() {
        let k = known(&["8.1", "8.2", "8.3", "8.4", "8.5"]);
        let pick = |c: &str| Range::composer(c).and_then(|r| r.choose(&k, &[]));
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
            Range::pep440(">=3.12").unwrap().choose(&k, &[]).as_deref(),
            Some("3.14")
        );
        assert_eq!(
            Range::pep440(">=3.10,<3.12")
                .unwrap()
                .choose(&k, &[])
                .as_deref(),
            Some("3.11")
        );
        assert_eq!(
            Range::pep440("~=3.11").unwrap().choose(&k, &[]).as_deref(),
            Some("3.14")
        );
        assert_eq!(
            Range::pep440("==3.12.*")
                .unwrap()
                .choose(&k, &[])
                .as_deref(),
            Some("3.12")
        );
        assert_eq!(
            Range::pep440(">=3.9, !=3.13.*")
                .unwrap()
                .choose(&k, &[])
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
