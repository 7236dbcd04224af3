//! The generator's routing rules: which table a need goes in, which area a strength belongs
//! to, and the cue words that tell educational, health and social care provision apart.
//!
//! These are drafting conventions, not law: each need goes in one place only, provision that
//! educates or trains goes in F (SEND Code of Practice 9.69), and social care provision under
//! section 2 of the Chronically Sick and Disabled Persons Act 1970 goes in H1, the rest in H2.
//! Every list here is matched on whole lower-case words or phrases.

use dehcp_domain::BroadArea;

/// Where a need is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Table {
    /// A broad area of need's table (B → F → E).
    Area(BroadArea),
    /// The health table (C → G → E).
    Health,
    /// The social care table (D → H1 / H2 → E).
    SocialCare,
}

impl Table {
    /// The key of the table in the outcomes library.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Table::Area(area) => area.id(),
            Table::Health => crate::outcomes::HEALTH,
            Table::SocialCare => crate::outcomes::SOCIAL_CARE,
        }
    }
}

/// Concepts that are health care needs (section C) wherever they are found.
const HEALTH: &[&str] = &[
    "epilepsy",
    "seizures",
    "diabetes",
    "asthma",
    "allergies",
    "anaphylaxis",
    "eczema",
    "cystic_fibrosis",
    "congenital_heart_disease",
    "sickle_cell_disease",
    "blood_disorder",
    "coeliac_disease",
    "inflammatory_bowel_disease",
    "reflux",
    "kidney_disease",
    "liver_disease",
    "immunodeficiency",
    "cancer",
    "life_limiting_condition",
    "chronic_fatigue",
    "chronic_pain",
    "migraine",
    "sleep_difficulties",
    "sleep_apnoea",
    "narcolepsy",
    "functional_neurological_disorder",
    "meningitis",
    "prematurity",
    "dysphagia",
    "feeding_difficulties",
    "tube_feeding",
    "arfid",
    "constipation",
    "incontinence",
    "drooling",
    "tracheostomy",
    "stoma_catheter",
    "complex_health_needs",
    "hospital_admissions",
    "mitochondrial_disease",
    "metabolic_disorder",
    "batten_disease",
    "leukodystrophy",
    "hydrocephalus",
    "tics",
    "tourette_syndrome",
    "neurodevelopmental_condition",
    "chromosomal_condition",
    "turner_syndrome",
    "klinefelter_syndrome",
    "tuberous_sclerosis",
    "neurofibromatosis",
];

/// Concepts that are social care needs (section D) wherever they are found.
const SOCIAL_CARE: &[&str] = &[
    "child_in_need",
    "child_protection",
    "social_care_involvement",
    "looked_after",
    "young_carer",
    "family_breakdown",
    "parental_needs",
    "housing_insecurity",
    "refugee",
    "poverty",
    "domestic_abuse",
    "abuse_neglect",
    "danger_awareness",
];

/// Concepts that are not special educational needs in themselves (English as an additional
/// language is not SEN: SEND Code of Practice 6.24).
const NOT_A_NEED: &[&str] = &["eal"];

/// A broad area for concepts the dictionary leaves without one.
const AREA_OF: &[(&str, BroadArea)] = &[
    ("poor_attendance", BroadArea::SocialEmotionalMentalHealth),
    ("pica", BroadArea::SocialEmotionalMentalHealth),
    (
        "dependence_on_adults",
        BroadArea::SocialEmotionalMentalHealth,
    ),
];

/// The table for an affirmed need: `area` is the dictionary's broad area id, if any.
/// `None` leaves the need out (not a need, or nowhere it fits).
pub(crate) fn table_for(concept: &str, area: Option<&str>) -> Option<Table> {
    if NOT_A_NEED.contains(&concept) {
        return None;
    }
    if HEALTH.contains(&concept) {
        return Some(Table::Health);
    }
    if SOCIAL_CARE.contains(&concept) {
        return Some(Table::SocialCare);
    }
    if let Some(area) = area.and_then(|area| area.parse::<BroadArea>().ok()) {
        return Some(Table::Area(area));
    }
    AREA_OF
        .iter()
        .find(|(id, _)| *id == concept)
        .map(|(_, area)| Table::Area(*area))
}

/// The broad area a strength is shown under; `None` for interests, shown in A2.
pub(crate) fn strength_area(concept: &str) -> Option<BroadArea> {
    const CI: &[&str] = &[
        "communication_strength",
        "vocabulary_strength",
        "verbal_strength",
        "listening_strength",
        "sociable",
        "adult_relationships",
        "peer_relationships",
        "humour",
        "self_advocacy",
        "team_player",
    ];
    const CL: &[&str] = &[
        "visual_memory",
        "good_memory",
        "reading_strength",
        "maths_strength",
        "spelling_strength",
        "writing_strength",
        "nonverbal_strength",
        "problem_solver",
        "attention_strength",
        "knowledge",
        "detail",
        "practical_learner",
        "responds_to_structure",
        "progress",
        "engagement",
        "hard_working",
        "creative",
    ];
    const SEMH: &[&str] = &[
        "kind",
        "empathetic",
        "determined",
        "resilient",
        "helpful",
        "polite",
        "cheerful",
        "enthusiastic",
        "self_awareness",
        "responds_to_praise",
        "honest",
        "calm",
        "affectionate",
        "brave",
        "confident",
        "leadership",
        "good_attendance",
    ];
    const SP: &[&str] = &[
        "fine_motor_strength",
        "gross_motor_strength",
        "sport",
        "independent",
        "direction",
    ];
    [
        (CI, BroadArea::CommunicationAndInteraction),
        (CL, BroadArea::CognitionAndLearning),
        (SEMH, BroadArea::SocialEmotionalMentalHealth),
        (SP, BroadArea::SensoryAndPhysical),
    ]
    .into_iter()
    .find(|(list, _)| list.contains(&concept))
    .map(|(_, area)| area)
}

/// Words that say provision educates or trains, or happens in school: it belongs in F.
pub(crate) const EDUCATIONAL: &[&str] = &[
    "school",
    "class",
    "classroom",
    "lesson",
    "lessons",
    "teacher",
    "teachers",
    "teaching",
    "teach",
    "taught",
    "staff",
    "senco",
    "learning",
    "literacy",
    "numeracy",
    "curriculum",
    "pupil",
    "playtime",
    "playtimes",
    "handwriting",
    "spelling",
    "reading",
    "training",
    "college",
    "setting",
];

/// Words that say provision is health care: it belongs in G (unless it educates or trains).
pub(crate) const HEALTH_CUES: &[&str] = &[
    "paediatrician",
    "paediatric",
    "clinic",
    "medication",
    "medicine",
    "medical",
    "nurse",
    "gp",
    "hospital",
    "appointment",
    "camhs",
    "prescribed",
    "prescription",
    "sleep",
    "melatonin",
    "health",
    "home",
    "review",
    "referral",
    "assessment",
];

/// Words of section 2 of the Chronically Sick and Disabled Persons Act 1970 (practical help
/// at home, adaptations and equipment, recreation, travel, holidays, meals, telephone): H1.
pub(crate) const H1_CUES: &[&str] = &[
    "practical assistance",
    "help in the home",
    "adaptation",
    "adaptations",
    "equipment",
    "travel",
    "transport",
    "recreation",
    "recreational",
    "leisure",
    "club",
    "outing",
    "outings",
    "holiday",
    "holidays",
    "meals",
    "telephone",
];

/// Phrases that show a "recommendation" is about the assessment process, not provision for
/// the child ("I support a request for an EHC needs assessment").
pub(crate) const PROCESS: &[&str] = &["needs assessment", "please find attached"];

/// Headings under which a report gives the child's history (A1).
pub(crate) const HISTORY_HEADINGS: &[&str] = &[
    "background",
    "history",
    "reason for referral",
    "reason for involvement",
    "reason for assessment",
    "family context",
];

/// Words never used to match provision to needs.
pub(crate) const STOP_WORDS: &[&str] = &[
    "difficulties",
    "difficulty",
    "needs",
    "need",
    "with",
    "from",
    "that",
    "this",
    "will",
    "should",
    "have",
    "their",
    "they",
    "them",
    "other",
    "more",
    "into",
    "when",
    "where",
    "which",
    "about",
    "after",
    "before",
    "each",
    "every",
    "week",
    "term",
    "terms",
    "day",
    "days",
    "time",
    "times",
    "general",
    "condition",
    "disorder",
    "without",
    "within",
    "also",
    "only",
    "some",
    "such",
    "much",
    "very",
    "than",
    "then",
    "there",
    "these",
    "those",
    "being",
    "been",
    "were",
    "what",
    "would",
    "could",
    "school",
    "home",
    "based",
    "support",
    "adult",
    "adults",
    "staff",
    "well",
    "give",
    "given",
    "gives",
    "include",
    "including",
    "point",
    "view",
    "views",
    "probably",
    "available",
    "help",
    "helps",
    "make",
    "makes",
    "used",
    "using",
    "like",
    "just",
    "still",
    "review",
    "reviewed",
    "health",
];

/// Groups of related words: a need and a recommendation that use words of the same group are
/// about the same thing ("ear defenders" and "sensitive to noise"). Single words, stemmed
/// before use.
pub(crate) const RELATED: &[&[&str]] = &[
    // Noise and hearing comfort.
    &[
        "noise",
        "noisy",
        "loud",
        "sound",
        "sounds",
        "quiet",
        "quieter",
        "defenders",
        "headphones",
        "echo",
    ],
    // Touch.
    &[
        "touch",
        "tactile",
        "texture",
        "textures",
        "labels",
        "clothes",
        "clothing",
        "fastenings",
        "messy",
    ],
    // Movement and sensory regulation.
    &[
        "movement", "moving", "fidget", "fidgets", "fiddles", "fiddle", "restless", "rocks",
        "rocking", "cushion", "wobble", "seeks", "seeking", "breaks",
    ],
    // Writing and fine motor skills.
    &[
        "handwriting",
        "writing",
        "write",
        "written",
        "pencil",
        "grip",
        "motor",
        "scribe",
        "recording",
        "typing",
        "keyboard",
        "scissors",
    ],
    // Feelings and wellbeing.
    &[
        "anxious",
        "anxiety",
        "worried",
        "worries",
        "worry",
        "emotional",
        "emotions",
        "emotion",
        "feelings",
        "wellbeing",
        "esteem",
        "confidence",
        "confident",
        "reassurance",
        "upset",
        "praise",
        "effort",
        "calm",
    ],
    // Reading and spelling.
    &[
        "read", "reads", "reading", "reader", "phonics", "decode", "decodes", "decoding", "books",
        "words", "literacy", "spelling", "spell",
    ],
    // Learning and maths.
    &[
        "learning",
        "maths",
        "numeracy",
        "number",
        "arithmetic",
        "attainment",
        "educational",
        "curriculum",
    ],
    // Language and understanding.
    &[
        "language",
        "speech",
        "spoken",
        "vocabulary",
        "naming",
        "understanding",
        "understand",
        "instructions",
        "instruction",
        "talking",
        "communication",
        "sentences",
        "grammar",
    ],
    // Attention and listening.
    &[
        "attention",
        "listening",
        "listen",
        "concentration",
        "concentrate",
        "focus",
        "distracted",
        "alert",
    ],
    // Sleep.
    &[
        "sleep",
        "sleeping",
        "bedtime",
        "tired",
        "tiredness",
        "asleep",
        "settling",
    ],
    // Breathing.
    &[
        "asthma",
        "inhaler",
        "inhalers",
        "spacer",
        "wheeze",
        "wheezing",
        "breathing",
        "breathless",
        "reliever",
    ],
    // Eating and drinking.
    &[
        "eating",
        "swallowing",
        "feeding",
        "drinking",
        "meals",
        "food",
        "chewing",
    ],
    // Toileting.
    &["toilet", "toileting", "continence", "accidents", "nappy"],
    // Friendships and play.
    &[
        "friends",
        "friendship",
        "friendships",
        "peers",
        "play",
        "playtime",
        "playtimes",
        "social",
    ],
    // Change and routine.
    &[
        "change",
        "changes",
        "transition",
        "transitions",
        "routine",
        "routines",
        "timetable",
        "warning",
        "predictable",
    ],
    // Mobility and coordination.
    &[
        "mobility",
        "walking",
        "stairs",
        "balance",
        "coordination",
        "wheelchair",
        "physiotherapy",
    ],
];

/// Words that say provision is about a health condition or its care (section G), whoever
/// advised it: a nurse, a medical plan, medicine and its equipment.
pub(crate) const CONDITION_CUES: &[&str] = &[
    "nurse",
    "nursing",
    "medical",
    "medication",
    "medicine",
    "medicines",
    "healthcare plan",
    "health care plan",
    "inhaler",
    "epipen",
    "adrenaline",
    "insulin",
    "seizure",
    "seizures",
    "paediatrician",
    "gp",
    "hospital",
    "prescribed",
    "prescription",
];

/// Words that say provision educates or trains the child (so it stays in F even when it is
/// about a health condition), following the checks' own list for PLAN-F004.
pub(crate) const TEACHES: &[&str] = &[
    "speech and language therapy",
    "speech and language therapist",
    "speech therapy",
    "language programme",
    "communication programme",
    "vocabulary",
    "teaching programme",
    "specialist teaching",
    "tuition",
    "literacy",
    "numeracy",
    "phonics",
    "reading programme",
    "reading intervention",
    "spelling",
    "handwriting",
    "social skills",
    "life skills",
    "travel training",
    "precision teaching",
    "curriculum",
    "lesson",
    "lessons",
    "occupational therapy",
    "occupational therapist",
];

/// Heading words that name a broad area of need ("Sensory needs", "Emotional wellbeing").
const HEADING_AREAS: &[(BroadArea, &[&str])] = &[
    (
        BroadArea::CommunicationAndInteraction,
        &["communication", "interaction", "language", "speech"],
    ),
    (
        BroadArea::CognitionAndLearning,
        &[
            "cognition",
            "learning",
            "literacy",
            "numeracy",
            "reading",
            "attainment",
            "academic",
        ],
    ),
    (
        BroadArea::SocialEmotionalMentalHealth,
        &["emotional", "wellbeing", "mental", "behaviour", "feelings"],
    ),
    (
        BroadArea::SensoryAndPhysical,
        &[
            "sensory", "physical", "motor", "hearing", "vision", "mobility",
        ],
    ),
];

/// The broad area a heading names, when it names exactly one.
pub(crate) fn heading_area(heading: &str) -> Option<BroadArea> {
    let words = words(heading);
    let mut named = HEADING_AREAS
        .iter()
        .filter(|(_, cues)| cues.iter().any(|cue| has_phrase(&words, cue)))
        .map(|(area, _)| *area);
    let first = named.next()?;
    named.next().is_none().then_some(first)
}

/// Whether a paragraph reads as a heading in a document without marked-up headings: short,
/// with letters, and not ending like a sentence or a list entry.
pub(crate) fn looks_like_heading(text: &str) -> bool {
    let text = text.trim();
    let words = text.split_whitespace().count();
    (1..=12).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && !text.ends_with(['.', '!', '?', ',', ';'])
}

/// Whether `words` (lower-case, in order) contain the phrase `cue` (one or more words).
pub(crate) fn has_phrase(words: &[String], cue: &str) -> bool {
    let cue: Vec<&str> = cue.split(' ').collect();
    match cue.as_slice() {
        [] => false,
        [one] => words.iter().any(|word| word == one),
        many => words
            .windows(many.len())
            .any(|window| window.iter().zip(many).all(|(word, cue)| word == cue)),
    }
}

/// The lower-case words of a text (letters and digits; apostrophes dropped).
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|word| !word.is_empty())
        .map(|word| {
            word.trim_end_matches(['\'', '’'])
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// A word reduced for matching: lower case, with a plural, "-ing", "-ed", "-er", "-ly" and a
/// final "y" or "e" removed, so "programme" and "programmes", "noise" and "noisy", "quiet"
/// and "quieter" meet. Crude on purpose: it only has to make the same word meet itself.
pub(crate) fn stem(word: &str) -> String {
    let mut word = word.to_lowercase();
    let length = |word: &String| word.chars().count();
    if length(&word) > 5 && word.ends_with("ies") {
        word.truncate(word.len() - 3);
        word.push('y');
    } else if length(&word) >= 5 && word.ends_with('s') && !word.ends_with("ss") {
        word.pop();
    }
    for (suffix, min) in [("ing", 7), ("ed", 6), ("er", 7), ("ly", 6)] {
        if length(&word) >= min && word.ends_with(suffix) {
            word.truncate(word.len() - suffix.len());
            break;
        }
    }
    if length(&word) >= 5 && (word.ends_with('y') || word.ends_with('e')) {
        word.pop();
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_need_has_one_table() {
        assert_eq!(
            table_for("autism", Some("communication_and_interaction")),
            Some(Table::Area(BroadArea::CommunicationAndInteraction))
        );
        assert_eq!(
            table_for("epilepsy", Some("sensory_and_physical")),
            Some(Table::Health)
        );
        assert_eq!(
            table_for("young_carer", Some("social_emotional_mental_health")),
            Some(Table::SocialCare)
        );
        assert_eq!(table_for("eal", None), None);
        assert_eq!(table_for("unknown_thing", None), None);
    }

    #[test]
    fn headings_name_an_area_only_when_they_name_one() {
        assert_eq!(
            heading_area("Sensory needs"),
            Some(BroadArea::SensoryAndPhysical)
        );
        assert_eq!(
            heading_area("Emotional wellbeing"),
            Some(BroadArea::SocialEmotionalMentalHealth)
        );
        assert_eq!(heading_area("Recommendations"), None);
        assert_eq!(heading_area("Language and learning"), None);
        assert!(looks_like_heading("What I like"));
        assert!(looks_like_heading("Part 1: All about me (Sam's views)"));
        assert!(!looks_like_heading("I like trains."));
        assert!(!looks_like_heading(
            "We would like Sam to have help with reading every day at school and at home"
        ));
    }

    #[test]
    fn phrases_match_whole_words_in_order() {
        let text = words("Practical assistance in the home, and a Saturday club.");
        assert!(has_phrase(&text, "practical assistance"));
        assert!(has_phrase(&text, "club"));
        assert!(!has_phrase(&text, "assistance practical"));
        assert!(!has_phrase(&words("clubs"), "club"));
    }

    #[test]
    fn stems_ignore_plural_and_other_endings() {
        assert_eq!(stem("Receptive"), "receptiv");
        assert_eq!(stem("programmes"), stem("programme"));
        assert_eq!(stem("sessions"), stem("session"));
        assert_eq!(stem("anxieties"), stem("anxiety"));
        assert_eq!(stem("noisy"), stem("noise"));
        assert_eq!(stem("quieter"), stem("quiet"));
        assert_eq!(stem("writing"), stem("writes"));
    }
}
