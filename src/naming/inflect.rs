//! A port of `github.com/go-openapi/inflect` v0.19.0 `NewDefaultRuleset()` `Pluralize` and
//! `Singularize`, the inflector ent uses for table names (`Type.Table`) and singular edge names.
//!
//! The Go rules are plain suffix rules, not regexes, and they are **case-sensitive**: `Person`
//! does not match the irregular `person` and becomes `Persons`; `Human` matches `man` and becomes
//! `Humen`. Only the uncountable check lower-cases (the last space-separated word).
//!
//! The tables below list the rules in the order of the `Add*` calls in `NewDefaultRuleset`. Go
//! *prepends* every rule, so the last rule added is tried first; [`Ruleset`] stores them in
//! that lookup order. ent's `AddAcronym` calls touch only inflect's `Underscore`/`Humanize`, so
//! they do not change these results.

use std::sync::LazyLock;

use super::case::go_to_lower;

/// One inflect `Rule`: replace `suffix` at the end of the word (or, when `exact`, the whole word)
/// with `replacement`.
#[derive(Debug, Clone, Copy)]
struct Rule {
    suffix: &'static str,
    replacement: &'static str,
    exact: bool,
}

/// `AddPlural` / `AddSingular`.
const fn suffix(suffix: &'static str, replacement: &'static str) -> Rule {
    Rule {
        suffix,
        replacement,
        exact: false,
    }
}

/// `AddPluralExact(.., true)` / `AddSingularExact(.., true)`.
const fn exact(suffix: &'static str, replacement: &'static str) -> Rule {
    Rule {
        suffix,
        replacement,
        exact: true,
    }
}

/// The `AddPlural` / `AddPluralExact` calls of `NewDefaultRuleset`, in call order.
const PLURALS: &[Rule] = &[
    suffix("s", "s"),
    suffix("testis", "testes"),
    suffix("axis", "axes"),
    suffix("octopus", "octopi"),
    suffix("virus", "viri"),
    suffix("octopi", "octopi"),
    suffix("viri", "viri"),
    suffix("alias", "aliases"),
    suffix("status", "statuses"),
    suffix("bus", "buses"),
    suffix("buffalo", "buffaloes"),
    suffix("tomato", "tomatoes"),
    suffix("tum", "ta"),
    suffix("ium", "ia"),
    suffix("ta", "ta"),
    suffix("ia", "ia"),
    suffix("sis", "ses"),
    suffix("lf", "lves"),
    suffix("rf", "rves"),
    suffix("afe", "aves"),
    suffix("bfe", "bves"),
    suffix("cfe", "cves"),
    suffix("dfe", "dves"),
    suffix("efe", "eves"),
    suffix("gfe", "gves"),
    suffix("hfe", "hves"),
    suffix("ife", "ives"),
    suffix("jfe", "jves"),
    suffix("kfe", "kves"),
    suffix("lfe", "lves"),
    suffix("mfe", "mves"),
    suffix("nfe", "nves"),
    suffix("ofe", "oves"),
    suffix("pfe", "pves"),
    suffix("qfe", "qves"),
    suffix("rfe", "rves"),
    suffix("sfe", "sves"),
    suffix("tfe", "tves"),
    suffix("ufe", "uves"),
    suffix("vfe", "vves"),
    suffix("wfe", "wves"),
    suffix("xfe", "xves"),
    suffix("yfe", "yves"),
    suffix("zfe", "zves"),
    suffix("hive", "hives"),
    suffix("quy", "quies"),
    suffix("by", "bies"),
    suffix("cy", "cies"),
    suffix("dy", "dies"),
    suffix("fy", "fies"),
    suffix("gy", "gies"),
    suffix("hy", "hies"),
    suffix("jy", "jies"),
    suffix("ky", "kies"),
    suffix("ly", "lies"),
    suffix("my", "mies"),
    suffix("ny", "nies"),
    suffix("py", "pies"),
    suffix("qy", "qies"),
    suffix("ry", "ries"),
    suffix("sy", "sies"),
    suffix("ty", "ties"),
    suffix("vy", "vies"),
    suffix("wy", "wies"),
    suffix("xy", "xies"),
    suffix("zy", "zies"),
    suffix("x", "xes"),
    suffix("ch", "ches"),
    suffix("ss", "sses"),
    suffix("sh", "shes"),
    suffix("matrix", "matrices"),
    suffix("vertix", "vertices"),
    suffix("indix", "indices"),
    suffix("matrex", "matrices"),
    suffix("vertex", "vertices"),
    suffix("index", "indices"),
    suffix("mouse", "mice"),
    suffix("louse", "lice"),
    suffix("mice", "mice"),
    suffix("lice", "lice"),
    exact("ox", "oxen"),
    exact("oxen", "oxen"),
    exact("quiz", "quizzes"),
];

/// The `AddSingular` / `AddSingularExact` calls of `NewDefaultRuleset`, in call order
/// (including the duplicate `analyses`, as in the Go source).
const SINGULARS: &[Rule] = &[
    suffix("s", ""),
    suffix("news", "news"),
    suffix("ta", "tum"),
    suffix("ia", "ium"),
    suffix("analyses", "analysis"),
    suffix("bases", "basis"),
    suffix("diagnoses", "diagnosis"),
    suffix("parentheses", "parenthesis"),
    suffix("prognoses", "prognosis"),
    suffix("synopses", "synopsis"),
    suffix("theses", "thesis"),
    suffix("analyses", "analysis"),
    suffix("aves", "afe"),
    suffix("bves", "bfe"),
    suffix("cves", "cfe"),
    suffix("dves", "dfe"),
    suffix("eves", "efe"),
    suffix("gves", "gfe"),
    suffix("hves", "hfe"),
    suffix("ives", "ife"),
    suffix("jves", "jfe"),
    suffix("kves", "kfe"),
    suffix("lves", "lfe"),
    suffix("mves", "mfe"),
    suffix("nves", "nfe"),
    suffix("oves", "ofe"),
    suffix("pves", "pfe"),
    suffix("qves", "qfe"),
    suffix("rves", "rfe"),
    suffix("sves", "sfe"),
    suffix("tves", "tfe"),
    suffix("uves", "ufe"),
    suffix("vves", "vfe"),
    suffix("wves", "wfe"),
    suffix("xves", "xfe"),
    suffix("yves", "yfe"),
    suffix("zves", "zfe"),
    suffix("hives", "hive"),
    suffix("tives", "tive"),
    suffix("lves", "lf"),
    suffix("rves", "rf"),
    suffix("quies", "quy"),
    suffix("bies", "by"),
    suffix("cies", "cy"),
    suffix("dies", "dy"),
    suffix("fies", "fy"),
    suffix("gies", "gy"),
    suffix("hies", "hy"),
    suffix("jies", "jy"),
    suffix("kies", "ky"),
    suffix("lies", "ly"),
    suffix("mies", "my"),
    suffix("nies", "ny"),
    suffix("pies", "py"),
    suffix("qies", "qy"),
    suffix("ries", "ry"),
    suffix("sies", "sy"),
    suffix("ties", "ty"),
    suffix("vies", "vy"),
    suffix("wies", "wy"),
    suffix("xies", "xy"),
    suffix("zies", "zy"),
    suffix("series", "series"),
    suffix("movies", "movie"),
    suffix("xes", "x"),
    suffix("ches", "ch"),
    suffix("sses", "ss"),
    suffix("shes", "sh"),
    suffix("mice", "mouse"),
    suffix("lice", "louse"),
    suffix("buses", "bus"),
    suffix("oes", "o"),
    suffix("shoes", "shoe"),
    suffix("crises", "crisis"),
    suffix("axes", "axis"),
    suffix("testes", "testis"),
    suffix("octopi", "octopus"),
    suffix("viri", "virus"),
    suffix("statuses", "status"),
    suffix("aliases", "alias"),
    exact("oxen", "ox"),
    suffix("vertices", "vertex"),
    suffix("indices", "index"),
    suffix("matrices", "matrix"),
    exact("quizzes", "quiz"),
    suffix("databases", "database"),
];

/// The `AddIrregular(singular, plural)` calls, in call order. Each adds the plural rules
/// `singular → plural` and `plural → plural`, then the singular rule `plural → singular`,
/// after all the rules above.
const IRREGULARS: &[(&str, &str)] = &[
    ("person", "people"),
    ("man", "men"),
    ("child", "children"),
    ("sex", "sexes"),
    ("move", "moves"),
    ("zombie", "zombies"),
];

/// The `AddUncountable` calls. They come last in `NewDefaultRuleset`, so no later `Add*` call
/// removes one of them (Go's `delete(rs.uncountables, ...)` is a no-op for the default set).
const UNCOUNTABLES: &[&str] = &[
    "equipment",
    "information",
    "rice",
    "money",
    "species",
    "series",
    "fish",
    "sheep",
    "jeans",
    "police",
];

/// inflect's `Ruleset` restricted to what `Pluralize` and `Singularize` read, with the rules in
/// lookup order (last added first).
struct Ruleset {
    plurals: Vec<Rule>,
    singulars: Vec<Rule>,
}

/// `NewDefaultRuleset()`, built once.
static DEFAULT_RULESET: LazyLock<Ruleset> = LazyLock::new(default_ruleset);

/// Builds `NewDefaultRuleset()`: rules in call order, then reversed to Go's prepend order.
fn default_ruleset() -> Ruleset {
    let mut plurals = PLURALS.to_vec();
    let mut singulars = SINGULARS.to_vec();
    for &(singular, plural) in IRREGULARS {
        plurals.push(suffix(singular, plural));
        plurals.push(suffix(plural, plural));
        singulars.push(suffix(plural, singular));
    }
    plurals.reverse();
    singulars.reverse();
    Ruleset { plurals, singulars }
}

/// inflect's `Pluralize` with `NewDefaultRuleset()`, the function behind ent's table names:
/// `User` → `Users`, `Person` → `Persons`, `Human` → `Humen`, `Cafe` → `Caves`,
/// `Status` → `Status`, `Index` → `Indexes`, `child` → `children`, `quiz` → `quizzes`.
pub fn pluralize(word: &str) -> String {
    inflect(word, &DEFAULT_RULESET.plurals).unwrap_or_else(|| format!("{word}s"))
}

/// inflect's `Singularize` with `NewDefaultRuleset()`, used by ent for singular edge names
/// (`children` → `child`, `people` → `person`, `data` → `datum`, `followers` → `follower`).
/// A word no rule matches is returned unchanged.
pub fn singularize(word: &str) -> String {
    inflect(word, &DEFAULT_RULESET.singulars).unwrap_or_else(|| word.to_owned())
}

/// The shared body of `Pluralize` and `Singularize`: `Some(word)` for the empty or uncountable
/// word, the first matching rule's result, or `None` when no rule matches.
fn inflect(word: &str, rules: &[Rule]) -> Option<String> {
    if word.is_empty() || is_uncountable(word) {
        return Some(word.to_owned());
    }
    rules.iter().find_map(|rule| apply(rule, word))
}

/// One rule applied to `word`. Go's `replaceLast` replaces the last occurrence of the suffix,
/// which for a word ending with it is the suffix itself.
fn apply(rule: &Rule, word: &str) -> Option<String> {
    if rule.exact {
        return (word == rule.suffix).then(|| rule.replacement.to_owned());
    }
    let stem = word.strip_suffix(rule.suffix)?;
    Some(format!("{stem}{}", rule.replacement))
}

/// inflect's `isUncountable`: the last space-separated word, lower-cased as Go does, is one of
/// [`UNCOUNTABLES`] (`Equipment`, `user information`).
fn is_uncountable(word: &str) -> bool {
    let last = word.rsplit(' ').next().unwrap_or(word);
    UNCOUNTABLES.contains(&go_to_lower(last).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pluralize_ent_type_names() {
        // ent.md §2.2: `Pluralize` of the Go type name (before `snake`).
        let cases = [
            ("User", "Users"),
            ("Group", "Groups"),
            ("UserInfo", "UserInfos"),
            ("PHBOrg", "PHBOrgs"),
            ("HTTPCode", "HTTPCodes"),
            ("Device", "Devices"),
            ("PC", "PCs"),
            ("Goods", "Goods"),
            ("IntSID", "IntSIDs"),
            ("URL", "URLs"),
            ("Person", "Persons"),
            ("Grandchild", "Grandchildren"),
            ("Child", "Childs"),
            ("Woman", "Women"),
            ("Human", "Humen"),
            ("Man", "Mans"),
            ("Category", "Categories"),
            ("Company", "Companies"),
            ("Box", "Boxes"),
            ("Address", "Addresses"),
            ("Status", "Status"),
            ("UserStatus", "UserStatus"),
            ("Bus", "Bus"),
            ("Alias", "Alias"),
            ("Virus", "Virus"),
            ("Octopus", "Octopus"),
            ("Quiz", "Quizs"),
            ("Index", "Indexes"),
            ("Vertex", "Vertexes"),
            ("Matrix", "Matrixes"),
            ("Datum", "Data"),
            ("Medium", "Media"),
            ("Stadium", "Stadia"),
            ("Media", "Media"),
            ("Data", "Data"),
            ("Metadata", "Metadata"),
            ("Equipment", "Equipment"),
            ("Sheep", "Sheep"),
            ("Fish", "Fish"),
            ("News", "News"),
            ("Series", "Series"),
            ("Money", "Money"),
            ("Information", "Information"),
            ("Cafe", "Caves"),
            ("Safe", "Saves"),
            ("Knife", "Knives"),
            ("Wife", "Wives"),
            ("Life", "Lives"),
            ("Shelf", "Shelves"),
            ("Wolf", "Wolves"),
            ("Half", "Halves"),
            ("Leaf", "Leafs"),
            ("Roof", "Roofs"),
            ("Chief", "Chiefs"),
            ("Staff", "Staffs"),
            ("Hero", "Heros"),
            ("Tomato", "Tomatos"),
            ("Potato", "Potatos"),
            ("Photo", "Photos"),
            ("Mouse", "Mouses"),
            ("Ox", "Oxes"),
            ("Analysis", "Analyses"),
            ("Crisis", "Crises"),
            ("Criterion", "Criterions"),
            ("Curriculum", "Curriculums"),
        ];
        for (input, want) in cases {
            assert_eq!(pluralize(input), want, "pluralize({input:?})");
        }
    }

    #[test]
    fn pluralize_lower_case_words_hit_the_irregular_and_exact_rules() {
        let cases = [
            ("person", "people"),
            ("people", "people"),
            ("man", "men"),
            ("child", "children"),
            ("sex", "sexes"),
            ("move", "moves"),
            ("zombie", "zombies"),
            ("ox", "oxen"),
            ("box", "boxes"),
            ("quiz", "quizzes"),
            ("status", "statuses"),
            ("bus", "buses"),
            ("alias", "aliases"),
            ("octopus", "octopi"),
            ("virus", "viri"),
            ("tomato", "tomatoes"),
            ("buffalo", "buffaloes"),
            ("index", "indices"),
            ("vertex", "vertices"),
            ("matrix", "matrices"),
            ("mouse", "mice"),
            ("louse", "lice"),
            ("hive", "hives"),
            ("query", "queries"),
            ("day", "days"),
            ("axis", "axes"),
            ("testis", "testes"),
            ("rice", "rice"),
            ("police", "police"),
            ("user information", "user information"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(pluralize(input), want, "pluralize({input:?})");
        }
    }

    #[test]
    fn singularize_matches_inflect() {
        let cases = [
            ("children", "child"),
            ("people", "person"),
            ("data", "datum"),
            ("followers", "follower"),
            ("friends", "friend"),
            ("users", "user"),
            ("pets", "pet"),
            ("groups", "group"),
            ("following", "following"),
            ("men", "man"),
            ("women", "woman"),
            ("sexes", "sex"),
            ("moves", "move"),
            ("movies", "movie"),
            ("zombies", "zombie"),
            ("oxen", "ox"),
            ("quizzes", "quiz"),
            ("statuses", "status"),
            ("aliases", "alias"),
            ("buses", "bus"),
            ("octopi", "octopus"),
            ("viri", "virus"),
            ("analyses", "analysis"),
            ("crises", "crisis"),
            ("theses", "thesis"),
            ("axes", "axis"),
            ("indices", "index"),
            ("vertices", "vertex"),
            ("matrices", "matrix"),
            ("mice", "mouse"),
            ("knives", "knife"),
            ("wolves", "wolf"),
            ("categories", "category"),
            ("boxes", "box"),
            ("churches", "church"),
            ("dishes", "dish"),
            ("classes", "class"),
            ("tomatoes", "tomato"),
            ("shoes", "shoe"),
            ("databases", "database"),
            ("news", "news"),
            ("series", "series"),
            ("media", "medium"),
            ("sheep", "sheep"),
            ("equipment", "equipment"),
            ("Children", "Children"), // case-sensitive: `children` does not match
            ("People", "People"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(singularize(input), want, "singularize({input:?})");
        }
    }

    #[test]
    fn uncountable_uses_last_space_separated_word_lower_cased() {
        assert!(is_uncountable("Equipment"));
        assert!(is_uncountable("office EQUIPMENT"));
        assert!(is_uncountable("İnformation")); // Go lower-cases U+0130 to `i`
        assert!(!is_uncountable("equipment rooms"));
        assert!(!is_uncountable("UserEquipment")); // no space: the whole word is compared
        assert_eq!(pluralize("UserEquipment"), "UserEquipments");
    }

    #[test]
    fn ruleset_is_in_go_lookup_order() {
        let rs = default_ruleset();
        assert_eq!(rs.plurals.len(), PLURALS.len() + 2 * IRREGULARS.len());
        assert_eq!(rs.singulars.len(), SINGULARS.len() + IRREGULARS.len());
        // Last `AddIrregular("zombie", "zombies")` is tried first.
        assert_eq!(rs.plurals[0].suffix, "zombies");
        assert_eq!(rs.plurals[1].suffix, "zombie");
        assert_eq!(rs.singulars[0].suffix, "zombies");
        // The first rule added, `s`, is tried last.
        assert_eq!(rs.plurals.last().map(|r| r.suffix), Some("s"));
        assert_eq!(rs.singulars.last().map(|r| r.suffix), Some("s"));
    }

    #[test]
    fn odd_input_never_panics() {
        for s in crate::naming::ODD_STRINGS {
            let _ = pluralize(s);
            let _ = singularize(s);
        }
        assert_eq!(pluralize("量"), "量s");
        assert_eq!(singularize("量s"), "量");
    }
}
