//! The small word lists the scanners consult, all folded (lower case, no accents).
//!
//! They are deliberately short: enough to tell a housing complaint's ordinary capitalised
//! words ("the Repairs Manager", "Harbour Housing", "May") from people's names, not a
//! dictionary. A word missing from them errs towards a flag, never towards a redaction.

/// Courtesy titles: the word after one is a person's name.
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "master", "mstr", "sir", "dame", "lady", "lord",
    "rev", "revd", "prof", "cllr", "councillor", "sister", "father", "madam",
];

/// Words after a title that make a title of a book or a brand, not a person ("Mr Men").
#[rustfmt::skip]
pub const NOT_AFTER_TITLE: &[&str] = &[
    "men", "whippy", "muscle", "sheen", "kipling", "freeze",
];

/// Lower-case joining words inside names ("van der Berg", "bin Ismail").
#[rustfmt::skip]
pub const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
    "la", "le", "bin", "binti", "bint", "ibn", "al", "el", "ap", "ab", "ter", "ten", "st",
];

/// Street and building words: part of an address, never a name of their own.
#[rustfmt::skip]
pub const STREET_WORDS: &[&str] = &[
    "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way",
    "court", "ct", "place", "pl", "crescent", "cres", "grove", "terrace", "gardens", "gdns",
    "walk", "row", "hill", "square", "sq", "mews", "parade", "view", "rise", "green", "house",
    "tower", "towers", "block", "estate", "heights", "mansions", "lodge", "cottage", "cottages",
    "buildings", "flats", "park", "yard", "wharf", "quay", "end", "fields", "meadow", "meadows",
    "boulevard", "circus", "hall", "manor", "farm", "path", "wynd", "vale", "bank", "croft",
    "chase", "gate", "passage", "approach", "broadway", "embankment", "village",
];

/// Words in an address line that say what kind of home it is rather than which.
#[rustfmt::skip]
pub const ADDRESS_GENERIC: &[&str] = &[
    "flat", "flats", "apartment", "apt", "unit", "room", "floor", "ground", "first", "second",
    "third", "top", "basement", "number", "no", "the", "of", "on", "upon", "in", "under", "and",
    "at", "by", "north", "south", "east", "west", "upper", "lower", "new", "old", "great",
    "little", "high", "uk", "england", "united", "kingdom",
];

pub const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

pub fn month(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(m, _)| *m == word).map(|&(_, n)| n)
}

/// Capitalised words that are never a person: calendar, staff roles and teams, bodies,
/// housing and legal words, places in general, nationalities and languages.
#[rustfmt::skip]
pub const NOT_PERSON: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december",
    "christmas", "easter", "ramadan", "eid", "diwali", "hanukkah", "new", "year", "bank",
    "holiday", "holidays", "weekend", "spring", "summer", "autumn", "winter", "am", "pm",
    "manager", "managers", "officer", "officers", "team", "teams", "repairs", "repair",
    "maintenance", "housing", "complaints", "complaint", "customer", "customers", "services",
    "service", "contact", "centre", "center", "surveyor", "surveyors", "contractor",
    "contractors", "operative", "operatives", "engineer", "engineers", "supervisor", "director",
    "head", "lead", "coordinator", "advisor", "adviser", "assistant", "agent", "caretaker",
    "concierge", "warden", "neighbourhood", "neighborhood", "tenancy", "income", "rent",
    "rents", "lettings", "allocations", "asb", "safeguarding", "resident", "residents",
    "involvement", "panel", "chair", "board", "executive", "chief", "department", "dept", "gas",
    "safe", "electrical", "plumbing", "plumber", "electrician", "joiner", "roofer", "roofing",
    "damp", "mould", "mold", "pest", "control", "cleaning", "grounds", "estates", "asset",
    "assets", "compliance", "legal", "finance", "member", "members", "independent", "reviewer",
    "stage", "response", "review", "learning", "council", "borough", "county", "city",
    "district", "ombudsman", "association", "trust", "group", "homes", "living", "partnership",
    "ltd", "limited", "plc", "llp", "inc", "company", "regulator", "social", "government",
    "department", "environmental", "health", "police", "fire", "rescue", "nhs", "gp", "surgery",
    "hospital", "school", "college", "university", "citizens", "advice", "shelter", "mp",
    "office", "court", "tribunal", "universal", "credit", "benefit", "benefits", "dwp", "hmrc",
    "jobcentre", "plus", "royal", "mail", "post", "bt", "openreach", "british", "water",
    "electricity", "energy", "octopus", "thames", "severn", "trent", "yorkshire", "united",
    "utilities", "code", "handling", "policy", "procedure", "act", "section", "law",
    "regulations", "standard", "standards", "decent", "awaab's", "awaab", "schedule", "part",
    "notice", "order", "possession", "injunction", "agreement", "lease", "licence",
    "ombudsman's", "flat", "rate", "tenant", "tenants", "landlord", "leaseholder",
    "leaseholders", "shared", "ownership", "right", "buy", "acquire", "hhsrs", "epc", "covid",
    "wifi", "england", "wales", "scotland", "ireland", "britain", "uk", "london", "north",
    "south", "east", "west", "high", "town", "road", "street", "estate", "block", "lane",
    "avenue", "english", "welsh", "scottish", "irish", "polish", "urdu", "punjabi", "bengali",
    "arabic", "somali", "romanian", "portuguese", "spanish", "french", "turkish", "kurdish",
    "tigrinya", "gujarati", "chinese", "cantonese", "mandarin", "bsl", "braille", "european",
    "asian", "african", "caribbean", "muslim", "christian", "hindu", "sikh", "jewish", "mr",
    "men", "lego", "tesco", "asda", "aldi", "lidl", "sainsbury's", "amazon", "google",
    "whatsapp", "facebook", "teams", "zoom", "microsoft", "word", "excel", "pdf", "ok", "tv",
    "velux", "worcester", "baxi", "vaillant", "ideal", "hive", "rightmove", "mondays",
    "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "eve", "day",
    "caseworker", "apartment", "national", "insurance", "attorney", "power",
];

/// Ordinary English words that start sentences or are capitalised for emphasis. A record
/// name that is one of these ("May", "Will", "Rose") is only matched when written with a
/// capital letter; an unknown capitalised word at the start of a sentence that is one of
/// these is not flagged.
#[rustfmt::skip]
pub const COMMON: &[&str] = &[
    "a", "about", "above", "according", "actually", "after", "afterwards", "again", "against",
    "all", "also", "although", "always", "an", "and", "another", "any", "anyone", "anything",
    "apparently", "are", "around", "as", "at", "back", "bad", "be", "because", "been", "before",
    "being", "below", "best", "better", "between", "both", "but", "by", "called", "came", "can",
    "cannot", "checked", "clearly", "could", "day", "days", "dear", "despite", "did", "do",
    "does", "done", "down", "during", "each", "early", "either", "else", "email", "emailed",
    "even", "eventually", "ever", "every", "everyone", "everything", "few", "finally", "first",
    "five", "fixed", "following", "for", "four", "from", "further", "furthermore", "good",
    "had", "half", "has", "have", "having", "he", "hello", "her", "here", "hers", "hi", "him",
    "his", "how", "however", "i", "if", "in", "instead", "into", "is", "it", "its", "just",
    "kind", "last", "late", "later", "lastly", "let", "like", "many", "me", "meanwhile", "more",
    "moreover", "most", "much", "my", "neither", "never", "next", "nine", "no", "nobody",
    "none", "nor", "not", "nothing", "now", "of", "off", "often", "on", "once", "one", "only",
    "or", "other", "others", "otherwise", "our", "ours", "out", "over", "overall", "people",
    "perhaps", "please", "previously", "rang", "recently", "regards", "said", "same", "second",
    "see", "seven", "several", "she", "should", "since", "six", "so", "some", "someone",
    "something", "sometimes", "soon", "sorry", "still", "such", "ten", "than", "thank",
    "thanks", "that", "the", "their", "theirs", "them", "then", "there", "therefore", "these",
    "they", "third", "this", "those", "though", "three", "through", "thus", "to", "today",
    "told", "tomorrow", "too", "twice", "two", "under", "unfortunately", "unless", "until",
    "up", "upon", "us", "very", "visited", "was", "we", "well", "were", "what", "when",
    "whenever", "where", "whereas", "whether", "which", "while", "who", "whoever", "whole",
    "whom", "whose", "why", "with", "within", "without", "would", "wrote", "yes", "yesterday",
    "yet", "you", "your", "yours", "ask", "asked", "spoke", "went", "got", "took", "made",
    "make", "need", "needs", "needed", "noted", "note", "agreed", "apologised", "attended",
    "booked", "cancelled", "chased", "confirmed", "explained", "found", "gave", "inspected",
    "left", "logged", "moved", "offered", "paid", "phoned", "raised", "received", "replaced",
    "reported", "returned", "sent", "started", "stopped", "tried", "upheld", "waited", "wanted",
    "nor", "whilst", "whereby", "hence", "thereafter", "initially", "subsequently",
    "additionally", "separately", "sadly", "luckily", "hopefully", "regarding", "re",
    "fortunately", "importantly", "ultimately", "throughout", "given", "where's", "it's", "i'm",
    "i've", "i'd", "we've", "we're", "they're", "don't", "didn't", "can't", "won't", "isn't",
    "wasn't", "there's", "that's", "he's", "she's", "you're", "nobody's", "new", "old", "big",
    "small", "outside", "inside", "upstairs", "downstairs", "water", "mould", "damp", "heating",
    "boiler", "window", "windows", "door", "doors", "roof", "kitchen", "bathroom", "bedroom",
    "toilet", "shower", "leak", "leaks", "noise", "rubbish", "bins", "nights", "night",
    "morning", "mornings", "evening", "afternoon", "week", "weeks", "month", "months", "year",
    "years", "hours", "minutes", "someone's", "everyone's", "neighbours", "neighbour", "family",
    "children", "child", "kids", "son", "daughter", "husband", "wife", "partner", "mum", "dad",
    "mother", "father", "brother", "sister", "grandson", "granddaughter", "nan", "grandma",
    "grandad", "carer", "friend", "no-one", "nowhere", "stop", "still", "whatever", "were",
    "yes", "ok", "okay", "nb", "ps", "pps", "n/a", "earlier", "overnight", "together", "note",
    "sadly", "honestly", "frankly", "obviously", "sure", "certainly", "definitely", "probably",
    "possibly", "eight", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "once",
    "nearly", "almost", "around", "about", "approximately", "roughly", "unit", "units", "room",
    "rooms", "flats", "house", "home", "call", "account", "born", "date", "phone", "tel",
    "postcode", "mobile", "lives", "job", "compensation", "contact", "address", "name", "ref",
    "reference", "dob",
];

/// Words that make a capitalised run a team, body or business rather than a person
/// ("Harbour Housing", "Repairs Team", "Jones Plumbing Ltd").
pub fn is_org_or_role(word: &str) -> bool {
    NOT_PERSON.contains(&word)
}

pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word.trim_end_matches('.'))
}

pub fn is_street_word(word: &str) -> bool {
    STREET_WORDS.contains(&word)
}

pub fn is_common(word: &str) -> bool {
    COMMON.contains(&word) || NAMEISH.contains(&word) || month(word).is_some()
}

/// Ordinary words that are also given names or surnames ("Will", "Rose", "Baker"): a
/// record name among them needs a capital, and capitalised mid-sentence they are flagged.
#[rustfmt::skip]
pub const NAMEISH: &[&str] = &[
    "april", "august", "bill", "brown", "dawn", "faith", "frank", "grace", "green", "holly",
    "hope", "ivy", "jack", "joy", "june", "mark", "may", "pat", "penny", "pearl", "ray",
    "robin", "rose", "ruby", "sue", "white", "will", "young", "king", "hall", "wood", "hill",
    "field", "stone", "wells", "church", "cook", "baker", "mason", "black", "daisy", "heather",
    "iris", "amber", "summer", "autumn", "sunny", "sky", "victor", "dean", "glen", "cliff",
    "don", "bob", "rich", "art", "carol", "chance", "angel", "long",
];

const UNITS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// "four" → 4, "twenty-one" → 21 (one word, hyphenated, up to ninety-nine).
pub fn number_word(word: &str) -> Option<u32> {
    if let Some(i) = UNITS.iter().position(|u| *u == word) {
        return u32::try_from(i + 1).ok();
    }
    let (tens, unit) = word.split_once('-')?;
    let t = TENS.iter().position(|u| *u == tens)?;
    let u = UNITS[..9].iter().position(|u| *u == unit)?;
    u32::try_from((t + 2) * 10 + u + 1).ok()
}

const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// A day of the month written as "3", "03", "3rd" or "third" (or "twenty-first", "thirtieth").
pub fn day_word(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let day = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let suffix = &word[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
            return None;
        }
        digits.parse().ok()?
    } else if word == "thirtieth" {
        30
    } else if let Some(i) = ORDINALS.iter().position(|o| *o == word) {
        u32::try_from(i + 1).ok()?
    } else {
        let (tens, unit) = word.split_once('-')?;
        let base = match tens {
            "twenty" => 20,
            "thirty" => 30,
            _ => return None,
        };
        base + u32::try_from(ORDINALS[..9].iter().position(|o| *o == unit)? + 1).ok()?
    };
    (1..=31).contains(&day).then_some(day)
}
