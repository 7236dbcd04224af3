//! The provision rules: the data file read into phrase sets, and the tokeniser they match on.
//!
//! Must not: do IO (the data are compiled in or passed as text) or panic on any rules text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Deserialize;

use crate::gold::PartKind;
use crate::key_table::KeyTable;

/// The compiled-in rules.
pub(super) const BUILTIN_RULES: &str = include_str!("../../data/provision-rules.toml");

/// The most phrases one pattern may expand to (guards against a mistyped rule file).
const MAX_EXPANSION: usize = 4096;

/// Why a rules file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file is not valid TOML or does not have the expected fields.
    #[error("provision rules are not valid: {0}")]
    Parse(#[from] toml::de::Error),
    /// A pattern is empty, expands to too many phrases or to one of too many words.
    #[error("provision rules: a pattern in `{list}` is empty or too broad: {pattern:?}")]
    Pattern {
        /// The list the pattern is in.
        list: &'static str,
        /// The pattern as written.
        pattern: String,
    },
}

/// The vocabulary used to find and parse provision statements, compiled for matching.
#[derive(Debug, Clone)]
pub struct ProvisionRules {
    /// Every word in the phrase lists and the number words, interned.
    pub(super) lexicon: Lexicon,
    pub(super) cues_after: Phrases,
    pub(super) cues_before: Phrases,
    /// `cues_after` and `cues_before` in one trie, a phrase of each ending in set 0 and set 1
    /// (see [`Phrases::longest_of_two`]): a cue is looked for with one walk, not two.
    pub(super) cues: Phrases,
    pub(super) subject_needed: WordSet,
    pub(super) subject_words: WordSet,
    pub(super) noun_before: WordSet,
    pub(super) noun_after: WordSet,
    pub(super) not_cues: Phrases,
    pub(super) outcome_cues: Phrases,
    pub(super) outcome_deadlines: Phrases,
    /// Phrases that make their sentence no recommendation ("not a recommendation of mine").
    pub(super) not_statements: Phrases,
    pub(super) object_verbs: Phrases,
    pub(super) need_object: Phrases,
    pub(super) strong: Phrases,
    pub(super) note_subjects: WordSet,
    pub(super) conditionals: WordSet,
    pub(super) determiners: WordSet,
    pub(super) headings: Phrases,
    pub(super) heading_openers: WordSet,
    pub(super) heading_wants: WordSet,
    pub(super) not_headings: Phrases,
    /// Headings over support already given or tried ("Interventions tried", "Support already in
    /// place", "Medical history"): what they list is not recommended.
    pub(super) past_headings: Phrases,
    pub(super) intro_prefixes: Vec<String>,
    pub(super) intro_phrases: Phrases,
    pub(super) not_openers: WordSet,
    /// Names of areas of need that head the items after them ("Cognition and learning").
    pub(super) area_titles: Phrases,
    pub(super) offer_openers: Phrases,
    /// A young person's own request opening an item ("I want to leave lessons early").
    pub(super) request_openers: Phrases,
    pub(super) description_markers: Phrases,
    pub(super) clause_markers: WordSet,
    pub(super) finite_verbs: WordSet,
    pub(super) frequency: Phrases,
    pub(super) duration: Phrases,
    pub(super) group: Phrases,
    pub(super) programme_length: Phrases,
    pub(super) vague: Phrases,
    /// Phrases holding vague wording that is not vague there ("to help with": a purpose).
    pub(super) not_vague: Phrases,
    pub(super) roles: Phrases,
    pub(super) reporting_verbs: WordSet,
    pub(super) modifiers: Phrases,
    pub(super) expertise: Phrases,
    pub(super) not_before: WordSet,
    pub(super) generic_roles: Phrases,
    pub(super) specific_modifiers: WordSet,
    pub(super) delivery_words: WordSet,
    /// Words that end a deliverer given as a field's value ("Mr Patel when she is not in",
    /// "her form tutor for the check", "his tutor to check they are in his bag").
    pub(super) field_value_stops: WordSet,
    /// Everyone who works with the child, given as a deliverer field's value ("Who: all
    /// staff"): no deliverer in particular.
    pub(super) field_everyone: Phrases,
    /// Titles before a name ("Mrs", "Dr").
    pub(super) titles: WordSet,
    pub(super) head_roles: WordSet,
    pub(super) who_determiners: WordSet,
    /// Words opening a clause of time before an instruction ("When talking to him, use ...").
    pub(super) time_openers: WordSet,
    /// Verbs of instruction that open a recommendation ("Allow ...", "Use ...").
    pub(super) imperative_openers: WordSet,
    /// Words of a heading that ends a recommendation section even at its own level ("Summary",
    /// "Signed").
    pub(super) section_enders: Phrases,
    /// Possessives that make someone's own people particular as the subject that acts ("Her
    /// parents should read with her").
    pub(super) own_people: Phrases,
    /// Words after a subject's modal that make the subject a receiver, not a deliverer ("Her
    /// parents would benefit from", "Ms Pembury should attend parent sessions").
    pub(super) subject_receives: WordSet,
    /// Words after "with an adult" that make the adult company or supervision rather than the
    /// deliverer ("with an adult present").
    pub(super) company_after: WordSet,
    /// Phrases just before a role that make it not the deliverer ("set by the therapist").
    pub(super) not_after_roles: Phrases,
    pub(super) what_skip: Phrases,
    pub(super) what_stops: Phrases,
    pub(super) what_trailing: WordSet,
    pub(super) soft_stops: WordSet,
    pub(super) what_continuers: Phrases,
    pub(super) to_nouns: WordSet,
    /// Visits and meetings whose content is the infinitive after them.
    pub(super) light_heads: Phrases,
    pub(super) item_heads: Phrases,
    pub(super) subject_verbs: Phrases,
    pub(super) subject_verb_followers: WordSet,
    /// Verbs whose infinitive after a person is the intervention ("allow Esme to change").
    pub(super) catenatives: WordSet,
    /// Verbs whose second object is the intervention ("give Kacey an exit card").
    pub(super) giving_verbs: WordSet,
    pub(super) comma_stops: WordSet,
    pub(super) what_skip_articles: WordSet,
    pub(super) not_parts: Phrases,
    /// The phrases of `not_parts`, `programme_length`, `duration`, `frequency` and `group` in
    /// one trie, in sets 0 to 4 in that order, so that the parts of a sentence are found with
    /// one walk at each token rather than one per list ([`Phrases::find_each_of_sets`]).
    pub(super) part_sets: Phrases,
    /// Words opening a programme length that runs to the end of its clause ("until").
    pub(super) length_openers: Phrases,
    /// Words that end such a clause.
    pub(super) length_clause_stops: Phrases,
    /// Words just before "every" or "each" that make what follows a time ("at every
    /// transition", "at the start of each afternoon").
    pub(super) every_openers: Phrases,
    /// Nouns after "every" or "each" that name a place or a thing, not a time ("in every
    /// classroom").
    pub(super) every_not_times: WordSet,
    /// Words that end the time after "every" or "each".
    pub(super) every_stops: WordSet,
    /// Clauses that extend a programme length just before them ("before she starts school").
    pub(super) length_extensions: Phrases,
    /// Prepositions of place a verb phrase keeps ("meet her at the gate").
    pub(super) place_words: WordSet,
    /// Nouns whose place phrase stays with them ("a seat at the end of the row").
    pub(super) located_nouns: WordSet,
    pub(super) equipment: WordSet,
    pub(super) source_nouns: WordSet,
    pub(super) object_pronouns: WordSet,
    pub(super) referral_words: WordSet,
    /// Words after which the intervention is a verb phrase ("should", "to", "who").
    pub(super) verb_openers: WordSet,
    /// Words that end the search for a further intervention ("so that", "because").
    pub(super) more_stops: Phrases,
    /// Words skipped after "and" before a further intervention ("and should provide").
    pub(super) more_openers: WordSet,
    /// Participles whose "in" or "on" names the intervention ("trained ... in feeds").
    pub(super) training_participles: WordSet,
    /// Participles not ending in "ed" ("written", "kept", "made").
    pub(super) irregular_participles: WordSet,
    pub(super) participle_followers: WordSet,
    pub(super) companions: WordSet,
    /// Words for the child's family and other people who receive provision rather than being
    /// it ("Ellie's family should be offered a short break").
    pub(super) people: WordSet,
    /// Roles that are abbreviations: written "Elsa", one is a name, not a role.
    pub(super) abbreviation_roles: WordSet,
    /// Verbs that, after "and", start another intervention ("and provide printed copies").
    pub(super) more_verbs: WordSet,
    /// Verbs that leave their preposition at the end ("a safe space he can go to").
    pub(super) stranding_verbs: WordSet,
    /// Verbs of going: "to" after them leads to a place ("go to lunch club").
    pub(super) going_verbs: WordSet,
    /// Words before a "that" clause whose verbs stay in the intervention ("check that his
    /// hearing aids are working").
    pub(super) checking_verbs: WordSet,
    /// Nouns whose "of" introduces who helps ("with the support of her key adult").
    pub(super) of_heads: WordSet,
    /// Teams and services a deliverer may come from ("from the community nursing team").
    pub(super) team_roles: Phrases,
    /// Field names of template lines ("Frequency:", "Delivered by:"), all kinds together.
    pub(super) field_names: Phrases,
    /// Each field name, normalised, as its words, with its kind: sorted by words, and of a name
    /// given twice only its first kind kept (see [`field_kind_index`]).
    pub(super) field_kinds: Vec<(Box<[Box<str>]>, FieldKind)>,
}

/// What a field of a template line holds ("Intervention: ...; Frequency: ..."): the part its
/// value is, or `None` for a field that is no part of the provision ("Review:", "Outcome:").
pub(super) type FieldKind = Option<PartKind>;

impl Default for ProvisionRules {
    fn default() -> Self {
        Self::builtin()
    }
}

impl ProvisionRules {
    /// The rules compiled in from `data/provision-rules.toml`.
    ///
    /// Should those ever fail to load (a unit test rules this out), the result is empty rules,
    /// which find no statements, rather than a panic.
    pub fn builtin() -> Self {
        Self::from_toml(BUILTIN_RULES).unwrap_or_else(|_| Self::empty())
    }

    /// Reads rules in the format of `data/provision-rules.toml`.
    ///
    /// # Errors
    ///
    /// [`RulesError`] if the text is not valid TOML, has unknown or missing fields, or has an
    /// empty or over-broad pattern.
    pub fn from_toml(text: &str) -> Result<Self, RulesError> {
        let raw: RawRules = toml::from_str(text)?;
        let mut lexicon = Lexicon::default();
        for number in &raw.number_words {
            lexicon.add_flags(&normalise_phrase(number), NUMBER_FLAG);
        }
        let lex = &mut lexicon;
        let cues_after = Phrases::compile("cues.object_after", &raw.cues.object_after, lex)?;
        let cues_before = Phrases::compile("cues.object_before", &raw.cues.object_before, lex)?;
        let cues = Phrases::compile_two(
            [
                ("cues.object_after", &raw.cues.object_after),
                ("cues.object_before", &raw.cues.object_before),
            ],
            [&cues_after, &cues_before],
            lex,
        )?;
        let mut rules = Self {
            cues_after,
            cues_before,
            cues,
            subject_needed: lex.word_set(&raw.cues.subject_needed),
            subject_words: lex.word_set(&raw.cues.subject_words),
            noun_after: lex.word_set(&raw.cues.noun_after),
            not_cues: Phrases::compile("cues.not_cues", &raw.cues.not_cues, lex)?,
            outcome_cues: Phrases::compile("cues.outcome_cues", &raw.cues.outcome_cues, lex)?,
            not_statements: Phrases::compile("cues.not_statements", &raw.cues.not_statements, lex)?,
            object_verbs: Phrases::compile("cues.object_verbs", &raw.cues.object_verbs, lex)?,
            need_object: Phrases::compile("cues.need_object", &raw.cues.need_object, lex)?,
            note_subjects: lex.word_set(&raw.cues.note_subjects),
            conditionals: lex.word_set(&raw.cues.conditionals),
            headings: Phrases::compile("lists.headings", &raw.lists.headings, lex)?,
            heading_openers: lex.word_set(&raw.lists.heading_openers),
            heading_wants: lex.word_set(&raw.lists.heading_wants),
            not_headings: Phrases::compile("lists.not_headings", &raw.lists.not_headings, lex)?,
            past_headings: Phrases::compile("lists.past_headings", &raw.lists.past_headings, lex)?,
            intro_phrases: Phrases::compile("lists.intro_phrases", &raw.lists.intro_phrases, lex)?,
            not_openers: lex.word_set(&raw.lists.not_openers),
            offer_openers: Phrases::compile("lists.offer_openers", &raw.lists.offer_openers, lex)?,
            request_openers: Phrases::compile(
                "lists.request_openers",
                &raw.lists.request_openers,
                lex,
            )?,
            description_markers: Phrases::compile(
                "lists.description_markers",
                &raw.lists.description_markers,
                lex,
            )?,
            clause_markers: lex.word_set(&raw.lists.clause_markers),
            finite_verbs: lex.word_set(&raw.lists.finite_verbs),
            intro_prefixes: raw
                .lists
                .intro_prefixes
                .iter()
                .map(|p| p.to_lowercase())
                .collect(),
            frequency: Phrases::compile("parts.frequency", &raw.parts.frequency, lex)?,
            duration: Phrases::compile("parts.duration", &raw.parts.duration, lex)?,
            group: Phrases::compile("parts.group", &raw.parts.group, lex)?,
            programme_length: Phrases::compile(
                "parts.programme_length",
                &raw.parts.programme_length,
                lex,
            )?,
            vague: Phrases::compile("parts.vague", &raw.parts.vague, lex)?,
            not_vague: Phrases::compile("parts.not_vague", &raw.parts.not_vague, lex)?,
            roles: Phrases::compile("who.roles", &raw.who.roles, lex)?,
            modifiers: Phrases::compile("who.modifiers", &raw.who.modifiers, lex)?,
            expertise: Phrases::compile("who.expertise_cues", &raw.who.expertise_cues, lex)?,
            not_before: lex.word_set(&raw.who.not_before),
            generic_roles: Phrases::compile("who.generic_roles", &raw.who.generic_roles, lex)?,
            delivery_words: lex.word_set(&raw.who.delivery_words),
            titles: lex.word_set(&raw.who.titles),
            head_roles: lex.word_set(&raw.who.head_roles),
            who_determiners: lex.word_set(&raw.who.determiners),
            time_openers: lex.word_set(&raw.lists.time_openers),
            section_enders: Phrases::compile(
                "lists.section_enders",
                &raw.lists.section_enders,
                lex,
            )?,
            not_after_roles: Phrases::compile(
                "who.not_after_roles",
                &raw.who.not_after_roles,
                lex,
            )?,
            what_skip: Phrases::compile("what.skip", &raw.what.skip, lex)?,
            what_stops: Phrases::compile("what.stops", &raw.what.stops, lex)?,
            what_trailing: lex.word_set(&raw.what.trailing),
            what_continuers: Phrases::compile("what.continuers", &raw.what.continuers, lex)?,
            light_heads: Phrases::compile("what.light_heads", &raw.what.light_heads, lex)?,
            item_heads: Phrases::compile("what.item_heads", &raw.what.item_heads, lex)?,
            subject_verbs: Phrases::compile("what.subject_verbs", &raw.what.subject_verbs, lex)?,
            catenatives: lex.word_set(&raw.what.catenatives),
            giving_verbs: lex.word_set(&raw.what.giving_verbs),
            what_skip_articles: lex.word_set(&raw.what.articles),
            not_parts: Phrases::compile("parts.not_parts", &raw.parts.not_parts, lex)?,
            part_sets: Phrases::default(),
            length_openers: Phrases::compile(
                "parts.length_openers",
                &raw.parts.length_openers,
                lex,
            )?,
            place_words: lex.word_set(&raw.what.place_words),
            object_pronouns: lex.word_set(&raw.what.object_pronouns),
            referral_words: lex.word_set(&raw.what.referral_words),
            verb_openers: lex.word_set(&raw.what.verb_openers),
            more_stops: Phrases::compile("what.more_stops", &raw.what.more_stops, lex)?,
            irregular_participles: lex.word_set(&raw.what.irregular_participles),
            companions: lex.word_set(&raw.what.companions),
            people: lex.word_set(&raw.what.people),
            stranding_verbs: lex.word_set(&raw.what.stranding_verbs),
            field_names: Phrases::compile("fields", &raw.fields.all_names(), lex)?,
            field_kinds: field_kind_index(raw.fields.kinds()?),
            // The sets below are asked seldom (a few times a document, if at all), so they are
            // made last: the 63 flag bits run out before them (see `NUMBER_FLAG`), and a set
            // left without a bit is slower only in its own look-ups. Each set above is asked
            // more often (the cues and the part lists at nearly every unit) and keeps its bit;
            // without one, `part_sets` (made from the part lists below) would walk its trie at
            // every known token.
            noun_before: lex.word_set(&raw.cues.noun_before),
            outcome_deadlines: Phrases::compile(
                "cues.outcome_deadlines",
                &raw.cues.outcome_deadlines,
                lex,
            )?,
            strong: Phrases::compile("cues.strong", &raw.cues.strong, lex)?,
            determiners: lex.word_set(&raw.cues.determiners),
            area_titles: Phrases::compile("lists.area_titles", &raw.lists.area_titles, lex)?,
            reporting_verbs: lex.word_set(&raw.who.reporting_verbs),
            specific_modifiers: lex.word_set(&raw.who.specific_modifiers),
            field_value_stops: lex.word_set(&raw.who.field_value_stops),
            field_everyone: Phrases::compile("who.field_everyone", &raw.who.field_everyone, lex)?,
            imperative_openers: lex.word_set(&raw.lists.imperative_openers),
            own_people: Phrases::compile("who.own_people", &raw.who.own_people, lex)?,
            subject_receives: lex.word_set(&raw.who.subject_receives),
            company_after: lex.word_set(&raw.who.company_after),
            soft_stops: lex.word_set(&raw.what.soft_stops),
            to_nouns: lex.word_set(&raw.what.to_nouns),
            subject_verb_followers: lex.word_set(&raw.what.subject_verb_followers),
            comma_stops: lex.word_set(&raw.what.comma_stops),
            length_clause_stops: Phrases::compile(
                "parts.length_clause_stops",
                &raw.parts.length_clause_stops,
                lex,
            )?,
            every_openers: Phrases::compile("parts.every_openers", &raw.parts.every_openers, lex)?,
            every_not_times: lex.word_set(&raw.parts.every_not_times),
            every_stops: lex.word_set(&raw.parts.every_stops),
            length_extensions: Phrases::compile(
                "parts.length_extensions",
                &raw.parts.length_extensions,
                lex,
            )?,
            located_nouns: lex.word_set(&raw.what.located_nouns),
            equipment: lex.word_set(&raw.what.equipment),
            source_nouns: lex.word_set(&raw.what.source_nouns),
            more_openers: lex.word_set(&raw.what.more_openers),
            training_participles: lex.word_set(&raw.what.training_participles),
            participle_followers: lex.word_set(&raw.what.participle_followers),
            abbreviation_roles: lex.word_set(&raw.who.abbreviation_roles),
            more_verbs: lex.word_set(&raw.what.more_verbs),
            going_verbs: lex.word_set(&raw.what.going_verbs),
            checking_verbs: lex.word_set(&raw.what.checking_verbs),
            of_heads: lex.word_set(&raw.who.of_heads),
            team_roles: Phrases::compile("who.team_roles", &raw.who.team_roles, lex)?,
            lexicon: lexicon.sealed(),
        };
        // Every word of these lists is in the lexicon by now (no word is added, so the sealed
        // tables still hold every word), and their first words are flagged. Their order is
        // that of `PART_SET_KINDS`.
        rules.part_sets = Phrases::compile_many(
            &[
                ("parts.not_parts", &raw.parts.not_parts),
                ("parts.programme_length", &raw.parts.programme_length),
                ("parts.duration", &raw.parts.duration),
                ("parts.frequency", &raw.parts.frequency),
                ("parts.group", &raw.parts.group),
            ],
            &[
                &rules.not_parts,
                &rules.programme_length,
                &rules.duration,
                &rules.frequency,
                &rules.group,
            ],
            &mut rules.lexicon,
        )?;
        Ok(rules)
    }

    /// Every phrase set, for the tests.
    #[cfg(test)]
    pub(super) fn phrase_sets(&self) -> Vec<&Phrases> {
        vec![
            &self.cues_after,
            &self.cues_before,
            &self.cues,
            &self.not_cues,
            &self.outcome_cues,
            &self.outcome_deadlines,
            &self.object_verbs,
            &self.need_object,
            &self.strong,
            &self.headings,
            &self.not_headings,
            &self.past_headings,
            &self.intro_phrases,
            &self.offer_openers,
            &self.request_openers,
            &self.area_titles,
            &self.field_everyone,
            &self.own_people,
            &self.section_enders,
            &self.description_markers,
            &self.frequency,
            &self.duration,
            &self.group,
            &self.programme_length,
            &self.vague,
            &self.roles,
            &self.modifiers,
            &self.expertise,
            &self.generic_roles,
            &self.not_after_roles,
            &self.what_skip,
            &self.what_stops,
            &self.what_continuers,
            &self.light_heads,
            &self.item_heads,
            &self.subject_verbs,
            &self.not_parts,
            &self.not_vague,
            &self.length_openers,
            &self.length_clause_stops,
            &self.every_openers,
            &self.length_extensions,
            &self.more_stops,
            &self.team_roles,
        ]
    }

    fn empty() -> Self {
        Self {
            lexicon: Lexicon::default(),
            cues_after: Phrases::default(),
            cues_before: Phrases::default(),
            cues: Phrases::default(),
            subject_needed: WordSet::default(),
            subject_words: WordSet::default(),
            noun_before: WordSet::default(),
            noun_after: WordSet::default(),
            not_cues: Phrases::default(),
            outcome_cues: Phrases::default(),
            outcome_deadlines: Phrases::default(),
            not_statements: Phrases::default(),
            object_verbs: Phrases::default(),
            need_object: Phrases::default(),
            strong: Phrases::default(),
            note_subjects: WordSet::default(),
            conditionals: WordSet::default(),
            determiners: WordSet::default(),
            headings: Phrases::default(),
            heading_openers: WordSet::default(),
            heading_wants: WordSet::default(),
            not_headings: Phrases::default(),
            past_headings: Phrases::default(),
            intro_phrases: Phrases::default(),
            not_openers: WordSet::default(),
            area_titles: Phrases::default(),
            offer_openers: Phrases::default(),
            request_openers: Phrases::default(),
            description_markers: Phrases::default(),
            clause_markers: WordSet::default(),
            finite_verbs: WordSet::default(),
            intro_prefixes: Vec::new(),
            frequency: Phrases::default(),
            duration: Phrases::default(),
            group: Phrases::default(),
            programme_length: Phrases::default(),
            vague: Phrases::default(),
            not_vague: Phrases::default(),
            roles: Phrases::default(),
            reporting_verbs: WordSet::default(),
            modifiers: Phrases::default(),
            expertise: Phrases::default(),
            not_before: WordSet::default(),
            generic_roles: Phrases::default(),
            specific_modifiers: WordSet::default(),
            delivery_words: WordSet::default(),
            field_value_stops: WordSet::default(),
            field_everyone: Phrases::default(),
            titles: WordSet::default(),
            head_roles: WordSet::default(),
            who_determiners: WordSet::default(),
            time_openers: WordSet::default(),
            imperative_openers: WordSet::default(),
            section_enders: Phrases::default(),
            own_people: Phrases::default(),
            subject_receives: WordSet::default(),
            company_after: WordSet::default(),
            not_after_roles: Phrases::default(),
            what_skip: Phrases::default(),
            what_stops: Phrases::default(),
            what_trailing: WordSet::default(),
            soft_stops: WordSet::default(),
            what_continuers: Phrases::default(),
            to_nouns: WordSet::default(),
            light_heads: Phrases::default(),
            item_heads: Phrases::default(),
            subject_verbs: Phrases::default(),
            subject_verb_followers: WordSet::default(),
            catenatives: WordSet::default(),
            giving_verbs: WordSet::default(),
            comma_stops: WordSet::default(),
            what_skip_articles: WordSet::default(),
            not_parts: Phrases::default(),
            part_sets: Phrases::default(),
            length_openers: Phrases::default(),
            length_clause_stops: Phrases::default(),
            every_openers: Phrases::default(),
            every_not_times: WordSet::default(),
            every_stops: WordSet::default(),
            length_extensions: Phrases::default(),
            place_words: WordSet::default(),
            located_nouns: WordSet::default(),
            equipment: WordSet::default(),
            source_nouns: WordSet::default(),
            object_pronouns: WordSet::default(),
            referral_words: WordSet::default(),
            verb_openers: WordSet::default(),
            more_stops: Phrases::default(),
            more_openers: WordSet::default(),
            training_participles: WordSet::default(),
            irregular_participles: WordSet::default(),
            participle_followers: WordSet::default(),
            companions: WordSet::default(),
            people: WordSet::default(),
            abbreviation_roles: WordSet::default(),
            more_verbs: WordSet::default(),
            stranding_verbs: WordSet::default(),
            going_verbs: WordSet::default(),
            checking_verbs: WordSet::default(),
            of_heads: WordSet::default(),
            team_roles: Phrases::default(),
            field_names: Phrases::default(),
            field_kinds: Vec::new(),
        }
    }

    /// The kind of the field whose name is `tokens`, if it is one: a binary search of the
    /// names by their words.
    pub(super) fn field_kind(&self, tokens: &[Token<'_>]) -> Option<FieldKind> {
        let found = self.field_kinds.binary_search_by(|(words, _)| {
            words
                .iter()
                .map(|word| &**word)
                .cmp(tokens.iter().map(|token| token.norm))
        });
        found
            .ok()
            .and_then(|at| self.field_kinds.get(at))
            .map(|(_, kind)| *kind)
    }
}

/// The field names (normalised, words joined by single spaces) with their kinds, in the order of
/// the rules, made ready for [`ProvisionRules::field_kind`]: each name split into its words, and
/// sorted by them; of a name given twice, the first kind is kept, as a search in order would
/// find it.
fn field_kind_index(kinds: Vec<(String, FieldKind)>) -> Vec<(Box<[Box<str>]>, FieldKind)> {
    let mut index: Vec<(Box<[Box<str>]>, FieldKind)> = kinds
        .into_iter()
        .map(|(name, kind)| (name.split(' ').map(Box::from).collect(), kind))
        .collect();
    // A stable sort: of equal names, the first stays first, and `dedup_by` keeps it.
    index.sort_by(|a, b| a.0.cmp(&b.0));
    index.dedup_by(|later, earlier| later.0 == earlier.0);
    index
}

#[cfg(test)]
mod field_kind_tests {
    use super::*;

    /// [`ProvisionRules::field_kind`] as a search of the names in the order of the rules.
    fn in_order(kinds: &[(String, FieldKind)], tokens: &[Token<'_>]) -> Option<FieldKind> {
        kinds.iter().find_map(|(name, kind)| {
            let mut words = name.split(' ');
            (tokens.iter().all(|token| words.next() == Some(token.norm)) && words.next().is_none())
                .then_some(*kind)
        })
    }

    #[test]
    fn the_index_finds_what_a_search_in_order_finds() {
        let rules = ProvisionRules::builtin();
        let raw: RawRules = toml::from_str(BUILTIN_RULES).unwrap();
        let kinds = raw.fields.kinds().unwrap();
        let mut texts: Vec<String> = kinds.iter().map(|(name, _)| name.clone()).collect();
        // Prefixes, extensions and near misses of the names, and text that is no name.
        for (name, _) in &kinds {
            texts.push(format!("{name} of"));
            texts.push(format!("the {name}"));
            texts.push(format!("{name}s"));
            texts.push(name.chars().skip(1).collect());
            if let Some((head, _)) = name.rsplit_once(' ') {
                texts.push(head.to_owned());
            }
        }
        texts.extend(["", ":", "Delivered  BY", "who: staff", "zzz"].map(str::to_owned));
        let mut found = 0;
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            let mut norms = Norms::default();
            let raw = tokenise(&chars, 0, chars.len(), &rules.lexicon, &mut norms);
            let tokens = norms.resolve(&raw);
            let expected = in_order(&kinds, &tokens);
            found += usize::from(expected.is_some());
            assert_eq!(rules.field_kind(&tokens), expected, "{text:?}");
        }
        assert!(found >= kinds.len());
    }

    #[test]
    fn of_a_name_given_twice_the_first_kind_is_kept() {
        let kinds = vec![
            ("time".to_owned(), Some(PartKind::Duration)),
            ("how long".to_owned(), Some(PartKind::Length)),
            ("time".to_owned(), None),
            ("each time".to_owned(), Some(PartKind::Duration)),
            ("how long".to_owned(), Some(PartKind::Duration)),
        ];
        let index = field_kind_index(kinds);
        let names: Vec<(Vec<&str>, FieldKind)> = index
            .iter()
            .map(|(words, kind)| (words.iter().map(|word| &**word).collect(), *kind))
            .collect();
        assert_eq!(
            names,
            [
                (vec!["each", "time"], Some(PartKind::Duration)),
                (vec!["how", "long"], Some(PartKind::Length)),
                (vec!["time"], Some(PartKind::Duration)),
            ]
        );
    }
}

#[cfg(test)]
mod lexicon_tests {
    use super::*;

    /// The id of an ASCII word by its integer key, as the tokeniser looks it up.
    fn id_by_key(lexicon: &Lexicon, word: &str) -> u32 {
        let bytes = word.as_bytes();
        match bytes.split_first_chunk::<8>() {
            None => lexicon.short_id(packed(bytes), bytes.len()),
            Some((first, rest)) => lexicon.long_id(long_key(
                u64::from_le_bytes(*first),
                packed(rest),
                bytes.len(),
            )),
        }
    }

    #[test]
    fn a_lexicon_finds_the_same_ids_by_key_before_and_after_it_is_sealed() {
        let mut lexicon = Lexicon::default();
        let words: Vec<String> = BUILTIN_RULES
            .split(|c: char| !c.is_ascii_lowercase())
            .filter(|word| (1..=LONG_KEY_BYTES).contains(&word.len()))
            .map(str::to_owned)
            .collect();
        for word in words.iter().step_by(2) {
            lexicon.intern(word);
        }
        let sealed = lexicon.clone().sealed();
        assert!(!sealed.short_table.is_empty() && lexicon.short_table.is_empty());
        let mut known = 0;
        for word in words.iter().chain(&["zorbling".to_owned(), "q".to_owned()]) {
            let id = lexicon.id(word);
            known += usize::from(id != UNKNOWN);
            assert_eq!(id_by_key(&lexicon, word), id, "{word:?} unsealed");
            assert_eq!(id_by_key(&sealed, word), id, "{word:?} sealed");
        }
        assert!(known > 100);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    number_words: Vec<String>,
    cues: RawCues,
    lists: RawLists,
    parts: RawParts,
    who: RawWho,
    what: RawWhat,
    #[serde(default)]
    fields: RawFields,
}

/// Field names of template lines, by kind. Plain phrases: no alternatives or numbers.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFields {
    what: Vec<String>,
    who: Vec<String>,
    group: Vec<String>,
    frequency: Vec<String>,
    duration: Vec<String>,
    length: Vec<String>,
    other: Vec<String>,
}

impl RawFields {
    fn by_kind(&self) -> [(FieldKind, &Vec<String>); 7] {
        [
            (Some(PartKind::What), &self.what),
            (Some(PartKind::Who), &self.who),
            (Some(PartKind::Group), &self.group),
            (Some(PartKind::Frequency), &self.frequency),
            (Some(PartKind::Duration), &self.duration),
            (Some(PartKind::Length), &self.length),
            (None, &self.other),
        ]
    }

    fn all_names(&self) -> Vec<String> {
        self.by_kind()
            .into_iter()
            .flat_map(|(_, names)| names.iter().cloned())
            .collect()
    }

    fn kinds(&self) -> Result<Vec<(String, FieldKind)>, RulesError> {
        let mut kinds = Vec::new();
        for (kind, names) in self.by_kind() {
            for name in names {
                let norm = normalise_phrase(name);
                if norm.is_empty() || name.contains(['|', '?', '{', '}']) {
                    return Err(RulesError::Pattern {
                        list: "fields",
                        pattern: name.clone(),
                    });
                }
                kinds.push((norm, kind));
            }
        }
        Ok(kinds)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    object_after: Vec<String>,
    object_before: Vec<String>,
    subject_needed: Vec<String>,
    subject_words: Vec<String>,
    noun_before: Vec<String>,
    noun_after: Vec<String>,
    not_cues: Vec<String>,
    #[serde(default)]
    outcome_cues: Vec<String>,
    #[serde(default)]
    outcome_deadlines: Vec<String>,
    #[serde(default)]
    not_statements: Vec<String>,
    object_verbs: Vec<String>,
    need_object: Vec<String>,
    #[serde(default)]
    strong: Vec<String>,
    #[serde(default)]
    note_subjects: Vec<String>,
    conditionals: Vec<String>,
    determiners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLists {
    headings: Vec<String>,
    heading_openers: Vec<String>,
    heading_wants: Vec<String>,
    not_headings: Vec<String>,
    #[serde(default)]
    past_headings: Vec<String>,
    intro_prefixes: Vec<String>,
    intro_phrases: Vec<String>,
    not_openers: Vec<String>,
    #[serde(default)]
    time_openers: Vec<String>,
    #[serde(default)]
    imperative_openers: Vec<String>,
    #[serde(default)]
    section_enders: Vec<String>,
    #[serde(default)]
    area_titles: Vec<String>,
    offer_openers: Vec<String>,
    #[serde(default)]
    request_openers: Vec<String>,
    description_markers: Vec<String>,
    clause_markers: Vec<String>,
    finite_verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParts {
    frequency: Vec<String>,
    duration: Vec<String>,
    group: Vec<String>,
    programme_length: Vec<String>,
    vague: Vec<String>,
    #[serde(default)]
    not_vague: Vec<String>,
    not_parts: Vec<String>,
    length_openers: Vec<String>,
    length_clause_stops: Vec<String>,
    every_openers: Vec<String>,
    every_not_times: Vec<String>,
    every_stops: Vec<String>,
    length_extensions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWho {
    roles: Vec<String>,
    abbreviation_roles: Vec<String>,
    reporting_verbs: Vec<String>,
    modifiers: Vec<String>,
    expertise_cues: Vec<String>,
    not_before: Vec<String>,
    generic_roles: Vec<String>,
    specific_modifiers: Vec<String>,
    delivery_words: Vec<String>,
    #[serde(default)]
    field_value_stops: Vec<String>,
    #[serde(default)]
    field_everyone: Vec<String>,
    #[serde(default)]
    titles: Vec<String>,
    head_roles: Vec<String>,
    determiners: Vec<String>,
    #[serde(default)]
    own_people: Vec<String>,
    #[serde(default)]
    subject_receives: Vec<String>,
    #[serde(default)]
    company_after: Vec<String>,
    #[serde(default)]
    not_after_roles: Vec<String>,
    team_roles: Vec<String>,
    of_heads: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhat {
    skip: Vec<String>,
    stops: Vec<String>,
    trailing: Vec<String>,
    soft_stops: Vec<String>,
    continuers: Vec<String>,
    to_nouns: Vec<String>,
    #[serde(default)]
    light_heads: Vec<String>,
    item_heads: Vec<String>,
    subject_verbs: Vec<String>,
    subject_verb_followers: Vec<String>,
    #[serde(default)]
    catenatives: Vec<String>,
    #[serde(default)]
    giving_verbs: Vec<String>,
    comma_stops: Vec<String>,
    articles: Vec<String>,
    place_words: Vec<String>,
    #[serde(default)]
    located_nouns: Vec<String>,
    equipment: Vec<String>,
    source_nouns: Vec<String>,
    object_pronouns: Vec<String>,
    referral_words: Vec<String>,
    verb_openers: Vec<String>,
    more_stops: Vec<String>,
    more_openers: Vec<String>,
    training_participles: Vec<String>,
    irregular_participles: Vec<String>,
    participle_followers: Vec<String>,
    companions: Vec<String>,
    people: Vec<String>,
    more_verbs: Vec<String>,
    stranding_verbs: Vec<String>,
    going_verbs: Vec<String>,
    checking_verbs: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Tokens and phrase matching
// ---------------------------------------------------------------------------------------------

/// The kind of part each set of [`ProvisionRules::part_sets`] finds, by set number: the lists
/// are compiled into it in this order (see [`ProvisionRules::from_toml`]'s use of
/// [`Phrases::compile_many`]), and [`super::PartMap::build`] reads a match's kind from here.
pub(super) const PART_SET_KINDS: [super::Kind; 5] = [
    super::Kind::Blocked,
    super::Kind::Programme,
    super::Kind::Duration,
    super::Kind::Frequency,
    super::Kind::Group,
];

/// The id of a token whose text is in no phrase and is no number word.
const UNKNOWN: u32 = u32::MAX;

/// The pattern element `{n}`: any number.
const NUMBER: u32 = u32::MAX - 1;

/// A small, fast hasher for interned ids and short words (the Fx multiply-rotate scheme); the
/// keys are rule words and token text, so resistance to crafted collisions is not needed beyond
/// a bounded slowdown.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        crate::bytes::for_each_word64(bytes, |word| self.add(word));
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Every word the rules match on, interned, with the word sets each belongs to as bits.
#[derive(Debug, Clone, Default)]
pub(super) struct Lexicon {
    ids: FastMap<String, u32>,
    /// The ids of the ASCII words of at most [`SHORT_KEY_BYTES`] bytes, by [`short_key`].
    short_ids: FastMap<u64, u32>,
    /// The same as `short_ids` once the lexicon is complete ([`Lexicon::sealed`]), in a
    /// [`KeyTable`] (no real key is 0: every key has its length in the top byte). Empty until
    /// sealed (then `short_ids` is asked).
    short_table: KeyTable<u64>,
    /// The ids of the ASCII words of more than [`SHORT_KEY_BYTES`] and at most
    /// [`LONG_KEY_BYTES`] bytes, by [`long_key`].
    long_ids: FastMap<(u64, u64), u32>,
    /// The same as `long_ids` once sealed, as `short_table` is (no real key's second half is 0:
    /// it has the length in its top byte).
    long_table: KeyTable<(u64, u64)>,
    /// Per id: one bit per [`WordSet`], and [`NUMBER_FLAG`] for a number word.
    flags: Vec<u64>,
    /// Per id: the word, so that a known token's text is taken from here.
    words: Vec<Box<str>>,
    /// How many word sets have been made (each takes the next bit).
    sets: u32,
}

/// The longest ASCII word looked up by an integer key rather than by its text.
const SHORT_KEY_BYTES: usize = 7;

/// The longest ASCII word looked up by a pair of integers rather than by its text.
const LONG_KEY_BYTES: usize = 15;

/// The key of an ASCII word of 8 to [`LONG_KEY_BYTES`] bytes: its first eight bytes, and the
/// rest (`rest`, packed little-endian) with the length in the top byte.
#[inline(always)]
fn long_key(first: u64, rest: u64, len: usize) -> (u64, u64) {
    (first, rest | ((len as u64) << 56))
}

/// `bytes` packed little-endian into an integer (at most eight of them).
fn packed(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .fold(0_u64, |word, &byte| (word << 8) | u64::from(byte))
}

/// The key of a short ASCII word: its bytes (packed little-endian in `packed`) and, in the top
/// byte, its length, so that no two words share a key.
#[inline(always)]
fn short_key(packed: u64, len: usize) -> u64 {
    packed | ((len as u64) << 56)
}

/// The flag bit of a number word ("two", "three"); word sets and phrase sets use the bits below
/// it, in the order they are made. A word set left without a bit looks its words up by id
/// instead, and a phrase set left without one skips the quick check: both still match.
const NUMBER_FLAG: u64 = 1 << 63;

/// A set of single words, matched against a token's normalised text.
#[derive(Debug, Clone, Default)]
pub(super) struct WordSet {
    /// Its bit in [`Lexicon::flags`] (0 for an empty set, or once all bits are taken).
    mask: u64,
    /// Without a bit: the interned ids of its words, sorted, looked up instead.
    ids: Box<[u32]>,
}

impl WordSet {
    /// Whether the token's normalised text is in the set.
    pub(super) fn contains(&self, token: &Token<'_>) -> bool {
        if self.mask != 0 {
            token.flags & self.mask != 0
        } else {
            token.id != UNKNOWN && self.ids.binary_search(&token.id).is_ok()
        }
    }

    /// Whether it has a flag bit of its own, for the tests.
    #[cfg(test)]
    pub(super) fn has_bit(&self) -> bool {
        self.mask != 0
    }
}

impl Lexicon {
    /// The next free flag bit, or 0 once all are taken.
    fn next_bit(&mut self) -> u64 {
        let bit = 1u64.checked_shl(self.sets).unwrap_or(0) & !NUMBER_FLAG;
        self.sets = self.sets.saturating_add(1);
        bit
    }

    /// Sets `flags` on an interned id.
    fn add_flags_by_id(&mut self, id: u32, flags: u64) {
        if let Some(slot) = usize::try_from(id)
            .ok()
            .and_then(|index| self.flags.get_mut(index))
        {
            *slot |= flags;
        }
    }

    /// A new set of single words; a word with more than one token never matches.
    fn word_set(&mut self, list: &[String]) -> WordSet {
        let mask = self.next_bit();
        let mut ids = Vec::new();
        for word in list {
            let word = normalise_phrase(word);
            let id = self.intern(&word);
            self.add_flags_by_id(id, mask);
            // A phrase of several words is never one token, so it never matches.
            if mask == 0 && id != UNKNOWN && !word.contains(' ') {
                ids.push(id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        WordSet {
            mask,
            ids: ids.into_boxed_slice(),
        }
    }

    /// The id of `word`, adding it if new.
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        // Ids stay below the sentinels; a rules file that big cannot be built in memory.
        let id = u32::try_from(self.flags.len())
            .ok()
            .filter(|&id| id < NUMBER)
            .unwrap_or(UNKNOWN);
        if id != UNKNOWN {
            if word.is_ascii() && (1..=SHORT_KEY_BYTES).contains(&word.len()) {
                let mut key = 0_u64;
                for (offset, &byte) in word.as_bytes().iter().enumerate() {
                    key |= u64::from(byte) << (8 * offset);
                }
                self.short_ids.insert(short_key(key, word.len()), id);
            }
            if word.is_ascii()
                && (SHORT_KEY_BYTES + 1..=LONG_KEY_BYTES).contains(&word.len())
                && let Some((first, rest)) = word.as_bytes().split_first_chunk::<8>()
            {
                let key = long_key(u64::from_le_bytes(*first), packed(rest), word.len());
                self.long_ids.insert(key, id);
            }
            self.ids.insert(word.to_owned(), id);
            self.flags.push(0);
            self.words.push(word.into());
        }
        id
    }

    fn add_flags(&mut self, word: &str, flags: u64) {
        let id = self.intern(word);
        self.add_flags_by_id(id, flags);
    }

    /// The id of a normalised token, or [`UNKNOWN`].
    fn id(&self, norm: &str) -> u32 {
        self.ids.get(norm).copied().unwrap_or(UNKNOWN)
    }

    /// The lexicon, complete, with its tables of short and long words built (see
    /// [`Lexicon::short_table`]).
    fn sealed(mut self) -> Self {
        self.short_table = KeyTable::with_capacity(self.short_ids.len());
        for (&key, &id) in &self.short_ids {
            self.short_table.insert(key, id);
        }
        self.long_table = KeyTable::with_capacity(self.long_ids.len());
        for (&key, &id) in &self.long_ids {
            self.long_table.insert(key, id);
        }
        self
    }

    /// The id of a normalised ASCII token of more than [`SHORT_KEY_BYTES`] and at most
    /// [`LONG_KEY_BYTES`] bytes, given by its [`long_key`]; the same as [`Lexicon::id`] on its
    /// text.
    #[inline]
    fn long_id(&self, key: (u64, u64)) -> u32 {
        match self.long_table.get(key) {
            // Not sealed yet: the map.
            UNKNOWN if self.long_table.is_empty() => {
                self.long_ids.get(&key).copied().unwrap_or(UNKNOWN)
            }
            id => id,
        }
    }

    /// The id of a normalised ASCII token of `len` bytes (1 to [`SHORT_KEY_BYTES`]), given as
    /// its bytes packed little-endian into `packed`; the same as [`Lexicon::id`] on its text.
    #[inline]
    fn short_id(&self, packed: u64, len: usize) -> u32 {
        let key = short_key(packed, len);
        match self.short_table.get(key) {
            // Not sealed yet: the map.
            UNKNOWN if self.short_table.is_empty() => {
                self.short_ids.get(&key).copied().unwrap_or(UNKNOWN)
            }
            id => id,
        }
    }

    /// How many flag bits the word and phrase sets asked for.
    #[cfg(test)]
    pub(super) fn bits_used(&self) -> u32 {
        self.sets
    }

    /// The word of an id, if it has one.
    #[inline]
    fn word(&self, id: u32) -> Option<&str> {
        self.words
            .get(usize::try_from(id).ok()?)
            .map(|word| &**word)
    }

    /// The word sets (and [`NUMBER_FLAG`]) an id belongs to.
    fn flags(&self, id: u32) -> u64 {
        usize::try_from(id)
            .ok()
            .and_then(|index| self.flags.get(index))
            .copied()
            .unwrap_or(0)
    }
}

/// What the tokens of a sequence hold, summed up for [`Phrases::may_occur`]: the union of
/// the flags of its known tokens, whether any token is known, and whether any is a number.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Present {
    flags: u64,
    known: bool,
    number: bool,
}

impl Present {
    /// The summary of `tokens`.
    pub(super) fn of(tokens: &[Token<'_>]) -> Self {
        tokens.iter().fold(Self::default(), |present, token| {
            let known = token.id != UNKNOWN;
            Self {
                flags: present.flags | if known { token.flags } else { 0 },
                known: present.known || known,
                number: present.number || token.number,
            }
        })
    }
}

/// A word, number or punctuation mark, with its character span in the input.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Lower case, with typographic apostrophes and dashes made plain.
    pub(super) norm: &'a str,
    /// `norm` interned in the rules' lexicon ([`UNKNOWN`] if no rule uses it).
    id: u32,
    /// The word sets `norm` belongs to (see [`Lexicon::flags`]).
    flags: u64,
    /// Letters or digits (not punctuation).
    pub(super) word: bool,
    /// Digits or a number word.
    pub(super) number: bool,
    /// Starts with a capital letter.
    pub(super) capital: bool,
    /// Starts with a capital and has another after it ("ELSA", "SaLT", "SENCo"; not "Elsa").
    /// Only a capitalised token is tested for more capitals (the only question asked of it is
    /// whether a capitalised word is an abbreviation), which spares most tokens the test.
    pub(super) shouted: bool,
}

impl Token<'_> {
    /// Its id in the lexicon, for the tests.
    #[cfg(test)]
    pub(super) fn lexicon_id(&self) -> u32 {
        self.id
    }
}

/// A token whose normalised text is a byte range of a shared buffer (see [`Norms`]), so that
/// a document's tokens need one allocation for their text rather than one each.
#[derive(Debug, Clone, Copy)]
pub(super) struct RawToken {
    start: usize,
    end: usize,
    norm_start: usize,
    norm_end: usize,
    id: u32,
    flags: u64,
    word: bool,
    number: bool,
    capital: bool,
    shouted: bool,
}

/// The normalised text of many tokens.
///
/// `lower` has one byte per character of the text being tokenised: an ASCII character
/// normalised (lower case, a backtick made an apostrophe) and 0 for any other character, so
/// that a token of ASCII characters has its normalised text at its own character span there,
/// without a copy. The normalised text of other tokens is appended to `extra`; a token's byte
/// range counts `extra` as following `lower`.
#[derive(Debug, Default)]
pub(super) struct Norms {
    lower: String,
    extra: String,
}

impl Norms {
    /// The buffer for tokenising `chars`, with room for `bytes` bytes of other text.
    pub(super) fn for_chars(chars: &[char], bytes: usize) -> Self {
        // Without branches, so that the loop runs many characters at a time.
        let lower: Vec<u8> = chars
            .iter()
            .map(|&c| {
                let code = u32::from(c);
                let byte = (code & 0xff) as u8;
                let byte = byte | (u8::from(byte.is_ascii_uppercase()) << 5);
                let byte = if byte == b'`' { b'\'' } else { byte };
                if code < 0x80 { byte } else { 0 }
            })
            .collect();
        Norms {
            // All ASCII, so never an error (an empty buffer would only make tokens slower).
            lower: String::from_utf8(lower).unwrap_or_default(),
            extra: String::with_capacity(bytes),
        }
    }

    /// The characters of `text`, and the buffer for tokenising them: what
    /// `Norms::for_chars(&chars, text.len() - chars.len())` gives, made in the same pass.
    /// Runs of ASCII (nearly all of any advice) are widened and normalised byte by byte, loops
    /// the compiler runs many bytes at a time; only the characters between them are decoded one
    /// by one.
    pub(super) fn for_text(text: &str) -> (Vec<char>, Self) {
        let mut chars = Vec::with_capacity(text.len());
        let mut lower = Vec::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            let ascii = ascii_prefix(rest.as_bytes());
            let (run, after) = rest.split_at_checked(ascii).unwrap_or((rest, ""));
            chars.extend(run.bytes().map(char::from));
            lower.extend(run.bytes().map(ascii_norm));
            let mut others = after.chars();
            if let Some(c) = others.next() {
                chars.push(c);
                lower.push(0);
            }
            rest = others.as_str();
        }
        let extra = text.len().saturating_sub(chars.len());
        let norms = Norms {
            // All ASCII, so never an error (an empty buffer would only make tokens slower).
            lower: String::from_utf8(lower).unwrap_or_default(),
            extra: String::with_capacity(extra),
        };
        (chars, norms)
    }

    /// The normalised text and the buffer for other text, for [`tokenise_spans`].
    pub(super) fn into_parts(self) -> (String, String) {
        (self.lower, self.extra)
    }

    /// The normalised bytes, one per character (empty if not made [`Norms::for_chars`]).
    #[cfg(test)]
    pub(super) fn lower_bytes(&self) -> &[u8] {
        self.lower.as_bytes()
    }

    /// The tokens of `raw` with their text in this buffer.
    pub(super) fn resolve<'a>(&'a self, raw: &[RawToken]) -> Vec<Token<'a>> {
        let split = self.lower.len();
        raw.iter()
            .map(|token| Token {
                start: token.start,
                end: token.end,
                norm: if token.norm_end <= split {
                    self.lower.get(token.norm_start..token.norm_end)
                } else {
                    self.extra
                        .get(token.norm_start.saturating_sub(split)..token.norm_end - split)
                }
                .unwrap_or(""),
                id: token.id,
                flags: token.flags,
                word: token.word,
                number: token.number,
                capital: token.capital,
                shouted: token.shouted,
            })
            .collect()
    }
}

/// Splits `chars[from..to]` into tokens: runs of letters, runs of digits, and single other
/// characters; whitespace separates. Their normalised text is appended to `norms`.
pub(super) fn tokenise(
    chars: &[char],
    from: usize,
    to: usize,
    lexicon: &Lexicon,
    norms: &mut Norms,
) -> Vec<RawToken> {
    if norms.lower.is_empty() && norms.extra.is_empty() {
        *norms = Norms::for_chars(chars, 0);
    }
    let mut tokens = Vec::new();
    tokenise_into(chars, from, to, lexicon, norms, &mut tokens);
    tokens
}

/// How many bytes at the start of `bytes` are ASCII: eight at a time while a whole word of
/// them is, then one by one.
fn ascii_prefix(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut length = 0;
    while let Some(&word) = bytes.get(length..).and_then(|rest| rest.first_chunk::<8>()) {
        if u64::from_le_bytes(word) & HIGH != 0 {
            break;
        }
        length += 8;
    }
    while bytes.get(length).is_some_and(u8::is_ascii) {
        length += 1;
    }
    length
}

/// An ASCII character's normalised byte: lower case, a backtick made an apostrophe.
#[inline(always)]
fn ascii_norm(byte: u8) -> u8 {
    if byte == b'`' {
        b'\''
    } else {
        byte.to_ascii_lowercase()
    }
}

/// [`tokenise`], appending the tokens to `tokens` (so that one buffer serves many segments).
///
/// When `norms` was made for `chars` ([`Norms::for_chars`]), a token of ASCII characters only
/// (nearly all of them) is read from the normalised bytes, its text left where it is and, when
/// it has at most [`SHORT_KEY_BYTES`] bytes, looked up by an integer key; any other token goes
/// the general way. Both give the same tokens: a token's normalised text is its characters
/// normalised one by one.
pub(super) fn tokenise_into(
    chars: &[char],
    from: usize,
    to: usize,
    lexicon: &Lexicon,
    norms: &mut Norms,
    tokens: &mut Vec<RawToken>,
) {
    let Norms { lower, extra } = norms;
    tokenise_each(chars, from, to, lexicon, lower, extra, |token| {
        tokens.push(token);
    });
}

/// The tokens of many spans of `chars`, all in one vector, their text resolved in `lower` (made
/// by [`Norms::for_text`] for `chars`) and `extra` as they are read: what [`tokenise_into`] and
/// [`Norms::resolve`] give, without a second vector. `tokens` and `extra` start empty; `spans`
/// gives each span in turn, and the token range of each is passed back to `each`.
pub(super) fn tokenise_spans<'a, S>(
    chars: &[char],
    lower: &'a str,
    extra: &'a mut String,
    lexicon: &'a Lexicon,
    spans: impl IntoIterator<Item = S>,
    mut span_of: impl FnMut(&mut S) -> (usize, usize),
    tokens: &mut Vec<Token<'a>>,
) -> Vec<(S, usize, usize)> {
    let split = lower.len();
    // Tokens whose text is in `extra`, which cannot be lent while it grows: their index and
    // text range there, resolved once all are read.
    let mut later: Vec<(usize, usize, usize)> = Vec::new();
    let spans = spans.into_iter();
    // One piece per span: room made once where the spans say how many there are.
    let mut pieces = Vec::with_capacity(spans.size_hint().0);
    for mut span in spans {
        let (from, to) = span_of(&mut span);
        let first = tokens.len();
        tokenise_each(chars, from, to, lexicon, lower, extra, |raw| {
            // A known token's text is the lexicon's word (the same text, without slicing it
            // out of `lower` again).
            let norm = if let Some(word) = lexicon.word(raw.id) {
                word
            } else if raw.norm_end <= split {
                lower.get(raw.norm_start..raw.norm_end).unwrap_or("")
            } else {
                later.push((
                    tokens.len(),
                    raw.norm_start.saturating_sub(split),
                    raw.norm_end - split,
                ));
                ""
            };
            tokens.push(Token {
                start: raw.start,
                end: raw.end,
                norm,
                id: raw.id,
                flags: raw.flags,
                word: raw.word,
                number: raw.number,
                capital: raw.capital,
                shouted: raw.shouted,
            });
        });
        pieces.push((span, first, tokens.len()));
    }
    let extra: &'a str = extra;
    for (index, from, to) in later {
        if let Some(token) = tokens.get_mut(index) {
            token.norm = extra.get(from..to).unwrap_or("");
        }
    }
    pieces
}

/// [`tokenise_into`], each token passed to `push`; `lower` is the normalised text of
/// [`Norms`], used only if it has one byte per character of `chars`.
#[inline(always)]
fn tokenise_each(
    chars: &[char],
    from: usize,
    to: usize,
    lexicon: &Lexicon,
    lower: &str,
    extra: &mut String,
    mut push: impl FnMut(RawToken),
) {
    let fast = lower.len() == chars.len();
    let to = to.min(chars.len());
    let chars = chars.get(..to).unwrap_or_default();
    let split = lower.len();
    // The normalised text is ASCII, so every byte offset in it is a character boundary and a
    // token's text is sliced from it without checking it again as UTF-8.
    let lower_text = lower;
    let lower = if fast {
        lower.as_bytes().get(..to).unwrap_or_default()
    } else {
        &[]
    };
    let mut index = from;
    while index < to {
        if let Some(&byte) = lower.get(index) {
            let class = BYTE_CLASS[usize::from(byte)];
            if class == WHITESPACE {
                index += 1;
                continue;
            }
            // The end of the token if it is all ASCII, or `None` if it goes on with (or is)
            // a character of another script.
            // The end of the run of bytes of this class, unless a character of another script
            // that `goes_on` accepts continues it.
            let run_end = |goes_on: fn(char) -> bool| {
                let mut end = index + 1;
                if class == LETTER {
                    end = letters_end(lower, end);
                }
                while lower
                    .get(end)
                    .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == class)
                {
                    end += 1;
                }
                match chars.get(end) {
                    Some(&c) if !c.is_ascii() && goes_on(c) => None,
                    _ => Some(end),
                }
            };
            // A word of at most seven letters with eight bytes to read at its start (nearly
            // every word): one load finds its end and its key at once, the end being the first
            // byte of the eight that is not a letter. Its length and key, if so.
            let short_word = if class == LETTER {
                lower
                    .get(index..)
                    .and_then(|rest| rest.first_chunk::<8>())
                    .and_then(|&chunk| {
                        let word = u64::from_le_bytes(chunk);
                        let others = !letter_lanes(word) & HIGH_BITS;
                        (others != 0).then(|| {
                            let len = (others.trailing_zeros() / 8) as usize;
                            (len, word & ((1_u64 << (8 * len)) - 1))
                        })
                    })
            } else {
                None
            };
            let end = match (class, short_word) {
                // The byte after it is not a letter; a character of another script (its byte
                // 0) that is a letter goes on with it.
                (_, Some((len, _))) => match lower.get(index + len) {
                    Some(0) => match chars.get(index + len) {
                        Some(&c) if !c.is_ascii() && c.is_alphabetic() => None,
                        _ => Some(index + len),
                    },
                    _ => Some(index + len),
                },
                (LETTER, None) => run_end(char::is_alphabetic),
                (DIGIT, _) => run_end(|c| c.is_numeric() && !c.is_alphabetic()),
                // A zero byte: a NUL character (a token of its own) or one of another script.
                (OTHER_OR_WIDE, _) => chars
                    .get(index)
                    .is_some_and(char::is_ascii)
                    .then_some(index + 1),
                _ => Some(index + 1),
            };
            if let Some(end) = end {
                let len = end - index;
                let id = if let Some((_, key)) = short_word {
                    lexicon.short_id(key, len)
                } else if len <= SHORT_KEY_BYTES {
                    let packed = match lower.get(index..index + 8) {
                        Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) => {
                            u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7])
                                & ((1_u64 << (8 * len)) - 1)
                        }
                        _ => lower
                            .get(index..end)
                            .unwrap_or_default()
                            .iter()
                            .rev()
                            .fold(0_u64, |word, &b| (word << 8) | u64::from(b)),
                    };
                    lexicon.short_id(packed, len)
                } else if len <= LONG_KEY_BYTES
                    && let Some(first) = lower.get(index..).and_then(|rest| rest.first_chunk::<8>())
                {
                    let rest = match lower.get(index + 8..index + 16) {
                        Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) => {
                            u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7])
                                & ((1_u64 << (8 * (len - 8))) - 1)
                        }
                        _ => packed(lower.get(index + 8..end).unwrap_or_default()),
                    };
                    lexicon.long_id(long_key(u64::from_le_bytes(*first), rest, len))
                } else {
                    lower_text
                        .get(index..end)
                        .map_or(UNKNOWN, |norm| lexicon.id(norm))
                };
                let flags = lexicon.flags(id);
                let capital = chars.get(index).is_some_and(char::is_ascii_uppercase);
                push(RawToken {
                    start: index,
                    end,
                    norm_start: index,
                    norm_end: end,
                    id,
                    flags,
                    word: class == LETTER || class == DIGIT,
                    number: class == DIGIT || flags & NUMBER_FLAG != 0,
                    capital,
                    // Only a run of letters can have a capital after its first character, and
                    // its characters are all ASCII letters, capitals exactly those without the
                    // 0x20 bit: one AND over them rather than a range test on each.
                    shouted: capital
                        && class == LETTER
                        && chars.get(index + 1..end).is_some_and(|rest| {
                            rest.iter().fold(0x20, |bits, &c| bits & u32::from(c)) == 0
                        }),
                });
                // The space that most often follows a token is stepped over here rather than
                // by a turn of the loop (whitespace is skipped either way).
                index = end + usize::from(lower.get(end) == Some(&b' '));
                continue;
            }
        }
        index = general_token(chars, index, lexicon, split, extra, &mut push);
    }
}

/// The end of the run of lower-case ASCII letters at `from` in the normalised bytes, or an
/// earlier index inside it (the caller carries on byte by byte): eight bytes at a time while a
/// whole word of them is letters. For bytes below 0x80, adding 0x1f sets the high bit exactly
/// from `a` up and adding 0x05 exactly from `{` up, with no carry into the next byte; a word
/// with a byte of 0x80 or more stops the fast loop.
fn letters_end(lower: &[u8], from: usize) -> usize {
    crate::bytes::ascii_run_end(lower, from, letter_lanes)
}

/// The high bit of each byte of `word` (eight ASCII bytes) that is a lower-case ASCII letter:
/// see [`letters_end`].
#[inline(always)]
fn letter_lanes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    (word + ONES * 0x1f) & !(word + ONES * 0x05)
}

/// The high bit of every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Byte classes of the normalised bytes (see [`Norms`]).
const OTHER: u8 = 0;
const WHITESPACE: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 3;
const OTHER_OR_WIDE: u8 = 4;

/// The class of each normalised byte: the ASCII whitespace of [`char::is_whitespace`], lower
/// case letters (upper case ones are never normalised bytes), digits, and 0.
const BYTE_CLASS: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut byte = 0;
    while byte < 256 {
        classes[byte] = match byte as u8 {
            0 => OTHER_OR_WIDE,
            b'\t'..=b'\r' | b' ' => WHITESPACE,
            b'a'..=b'z' => LETTER,
            b'0'..=b'9' => DIGIT,
            _ => OTHER,
        };
        byte += 1;
    }
    classes
};

/// Reads the token (or whitespace) at `chars[start]` the general way, its normalised text
/// appended to `extra` (whose bytes follow the `split` bytes of [`Norms::lower`]); returns the
/// index after it.
///
/// Out of line and cold: nearly every token is read from the normalised bytes, and keeping this
/// path out of the tokeniser's loop leaves that loop more registers.
#[cold]
#[inline(never)]
fn general_token(
    chars: &[char],
    start: usize,
    lexicon: &Lexicon,
    split: usize,
    extra: &mut String,
    push: &mut impl FnMut(RawToken),
) -> usize {
    let Some(&first) = chars.get(start) else {
        return start + 1;
    };
    if first.is_whitespace() {
        return start + 1;
    }
    let mut index = start;
    let norm_start = extra.len();
    let mut all_digits = first.is_ascii_digit();
    if first.is_ascii_alphabetic() {
        // The common case, in one pass: a word starting with a plain letter, lower-cased
        // as it is read.
        while let Some(&c) = chars.get(index) {
            if c.is_ascii_alphabetic() {
                extra.push(c.to_ascii_lowercase());
            } else if !c.is_ascii() && c.is_alphabetic() {
                push_normalised(extra, c);
            } else {
                break;
            }
            index += 1;
        }
    } else {
        if first.is_alphabetic() {
            while chars.get(index).is_some_and(|c| c.is_alphabetic()) {
                index += 1;
            }
        } else if first.is_numeric() {
            while chars
                .get(index)
                .is_some_and(|c| c.is_numeric() && !c.is_alphabetic())
            {
                index += 1;
            }
        } else {
            index += 1;
        }
        for &c in chars.get(start..index).unwrap_or_default() {
            if c.is_ascii() {
                all_digits &= c.is_ascii_digit();
                extra.push(char::from(ascii_norm(c as u8)));
            } else {
                all_digits = false;
                push_normalised(extra, c);
            }
        }
    }
    let norm_end = extra.len();
    let id = lexicon.id(extra.get(norm_start..norm_end).unwrap_or(""));
    let flags = lexicon.flags(id);
    let word = first.is_alphanumeric();
    let number = all_digits || flags & NUMBER_FLAG != 0;
    push(RawToken {
        start,
        end: index,
        norm_start: split + norm_start,
        norm_end: split + norm_end,
        id,
        flags,
        word,
        number,
        capital: first.is_uppercase(),
        shouted: first.is_uppercase()
            && chars
                .get(start + 1..index)
                .is_some_and(|rest| rest.iter().any(|c| c.is_uppercase())),
    });
    index
}

/// Appends a character other than ASCII, lower-cased, with typographic apostrophes and dashes
/// made plain.
fn push_normalised(text: &mut String, c: char) {
    text.extend(c.to_lowercase().map(|c| match c {
        '’' | '‘' | '`' => '\'',
        '–' | '—' | '‐' | '‑' => '-',
        other => other,
    }));
}

/// Lower-cased, tokenised and re-joined with single spaces.
fn normalise_phrase(phrase: &str) -> String {
    let chars: Vec<char> = phrase.chars().collect();
    let mut norms = Norms::default();
    let raw = tokenise(&chars, 0, chars.len(), &Lexicon::default(), &mut norms);
    norms
        .resolve(&raw)
        .iter()
        .map(|token| token.norm)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One element of a pattern as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternToken {
    Word(String),
    Number,
}

/// A set of phrases as sequences of lexicon ids ([`NUMBER`] for `{n}`), held as a trie.
///
/// Matching at a token walks the trie one token at a time: a token follows the edge of its own
/// id and, if it is a number, the `{n}` edge too (both may exist: "one" is a word of some
/// phrases and a number for others, so the walk may branch). Every node a walk reaches where a
/// phrase ends is an end found. This finds exactly the ends that trying each phrase in turn
/// would find, each after one look-up per token rather than one comparison per phrase (the
/// expanded lists share long prefixes: "for|throughout|during|over the ..." gives hundreds of
/// phrases starting "for the"); only the order in which ends are found differs, and no caller
/// depends on it (the longest end, or whether some end is a given one). A test compares the two
/// ways on random token sequences.
#[derive(Debug, Clone)]
pub(super) struct Phrases {
    /// The node after each first word id.
    first_words: IdTable,
    /// The node after a first `{n}`, or [`NO_NODE`].
    first_number: u32,
    /// The nodes below the root, by number.
    nodes: Vec<Node>,
    /// Every node's word edges, sorted by id; node `i`'s are `edges[nodes[i].edges]`.
    edges: Vec<(u32, u32)>,
    /// The flag bit set on every first word (see [`Lexicon::flags`]), so most tokens are
    /// rejected without a lookup; 0 when no bit was free (then every token is looked up).
    first_bit: u64,
    /// The phrases as compiled, for the reference matcher the tests compare with.
    #[cfg(test)]
    patterns: Vec<Box<[u32]>>,
}

impl Default for Phrases {
    /// No phrases.
    fn default() -> Self {
        Self {
            first_words: IdTable::default(),
            first_number: NO_NODE,
            nodes: Vec::new(),
            edges: Vec::new(),
            first_bit: 0,
            #[cfg(test)]
            patterns: Vec::new(),
        }
    }
}

/// [`Phrases::may_start`] of several phrase sets at once: true exactly when it is true for one
/// of them, in one test per token (so that a scan for the few tokens any of them may start at
/// costs no more than a scan for one set's).
#[derive(Debug, Clone, Copy)]
pub(super) struct Starts {
    /// The sets' first-word bits.
    mask: u64,
    /// Some set has no bit: any known token may start one of its phrases.
    any_known: bool,
    /// Some set has phrases starting with `{n}`.
    number: bool,
}

impl Starts {
    /// The test for this set or `other`.
    pub(super) fn or(self, other: Self) -> Self {
        Self {
            mask: self.mask | other.mask,
            any_known: self.any_known || other.any_known,
            number: self.number || other.number,
        }
    }

    /// Whether a phrase of one of the sets may start with `token`.
    #[inline(always)]
    pub(super) fn may_start(&self, token: &Token<'_>) -> bool {
        // A token outside the lexicon has no flags, so a flag found means a known token.
        token.flags & self.mask != 0
            || (token.number && self.number)
            || (self.any_known && token.id != UNKNOWN)
    }

    /// The first token from `from` on that a phrase may start with, if any: one tight loop
    /// over the tokens ruled out.
    #[inline(always)]
    pub(super) fn next(&self, tokens: &[Token<'_>], from: usize) -> Option<usize> {
        let offset = tokens
            .get(from..)?
            .iter()
            .position(|token| self.may_start(token))?;
        Some(from + offset)
    }
}

/// No node: the edge is absent.
const NO_NODE: u32 = u32::MAX;

/// The first-word edges of a phrase set, by word id: an open-addressed table of (id, node), a
/// power of two of slots at most half full, probed from the id's multiplicative hash; a slot
/// holding [`UNKNOWN`] is free (an unknown token is never looked up). A look-up is one multiply
/// and, nearly always, one comparison, where a hash map hashes and probes a control group:
/// every candidate start of every phrase set is looked up here.
#[derive(Debug, Clone, Default)]
struct IdTable {
    slots: Box<[(u32, u32)]>,
}

impl IdTable {
    /// The table of `entries` (distinct ids); entries for [`UNKNOWN`] are left out, as they are
    /// never asked for.
    fn new(entries: &[(u32, u32)]) -> Self {
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![(UNKNOWN, NO_NODE); size];
        for &(id, node) in entries.iter().filter(|&&(id, _)| id != UNKNOWN) {
            let mut slot = Self::slot(id, size);
            while slots.get(slot).is_some_and(|&(taken, _)| taken != UNKNOWN) {
                slot = (slot + 1) & (size - 1);
            }
            if let Some(entry) = slots.get_mut(slot) {
                *entry = (id, node);
            }
        }
        Self {
            slots: slots.into_boxed_slice(),
        }
    }

    /// The first slot of `id` in a table of `size` slots (a power of two, at least 2).
    #[inline(always)]
    fn slot(id: u32, size: usize) -> usize {
        ((u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> (64 - size.trailing_zeros()))
            as usize
    }

    /// The node after the first word `id` (not [`UNKNOWN`]), if a phrase starts with it.
    #[inline]
    fn get(&self, id: u32) -> Option<u32> {
        let size = self.slots.len();
        if size == 0 {
            return None;
        }
        let mut slot = Self::slot(id, size);
        // At most half full, so a free slot ends every probe.
        while let Some(&(found, node)) = self.slots.get(slot) {
            if found == id {
                return Some(node);
            }
            if found == UNKNOWN {
                break;
            }
            slot = (slot + 1) & (size - 1);
        }
        None
    }
}

/// The most tokens one expanded phrase may have, far more than any built-in phrase has; a longer
/// one is a mistyped rule. It bounds how deeply matching can recurse.
const MAX_PHRASE_LEN: usize = 64;

/// A trie node below the root.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The sets a phrase ends here in, a bit each (bit 0 for a trie of one set; see
    /// [`Phrases::compile_two`]); 0 if no phrase ends here.
    ends: u8,
    /// The child after a `{n}`, or [`NO_NODE`].
    number: u32,
    /// Its word edges: `edges[from..to]` of [`Phrases::edges`].
    from: u32,
    to: u32,
}

/// A trie under construction: per node, whether a phrase ends there, its `{n}` child and its
/// word children (sorted, so that the compiled trie does not depend on hash order).
#[derive(Default)]
struct Building {
    ends: u8,
    number: Option<usize>,
    words: std::collections::BTreeMap<u32, usize>,
}

impl Phrases {
    fn compile(
        list: &'static str,
        patterns: &[String],
        lexicon: &mut Lexicon,
    ) -> Result<Self, RulesError> {
        let first_bit = lexicon.next_bit();
        Self::compile_sets(&[(list, patterns)], first_bit, true, lexicon)
    }

    /// The phrases of two sets in one trie, a phrase of the first set ending in set 0 (bit 0
    /// of [`Node::ends`]) and one of the second in set 1, for [`Phrases::longest_of_two`].
    /// `compiled` are the two sets compiled on their own ([`Phrases::compile`]), whose
    /// first-word flags serve this trie too (no flag bit of its own).
    fn compile_two(
        lists: [(&'static str, &[String]); 2],
        compiled: [&Phrases; 2],
        lexicon: &mut Lexicon,
    ) -> Result<Self, RulesError> {
        // Either set without a bit of its own lets any known token start it.
        let first_bit = if compiled.iter().any(|phrases| phrases.first_bit == 0) {
            0
        } else {
            compiled[0].first_bit | compiled[1].first_bit
        };
        Self::compile_sets(&lists, first_bit, false, lexicon)
    }

    /// The phrases of several sets in one trie (at most eight; see [`Phrases::compile_two`]),
    /// for [`Phrases::find_each_of_sets`]: `compiled` are the sets compiled on their own, whose
    /// first-word flags serve this trie too.
    fn compile_many(
        lists: &[(&'static str, &[String])],
        compiled: &[&Phrases],
        lexicon: &mut Lexicon,
    ) -> Result<Self, RulesError> {
        let first_bit = if compiled.iter().any(|phrases| phrases.first_bit == 0) {
            0
        } else {
            compiled
                .iter()
                .fold(0, |bits, phrases| bits | phrases.first_bit)
        };
        Self::compile_sets(lists, first_bit, false, lexicon)
    }

    /// The trie of the phrases of each of `lists` (at most eight), those of list `i` ending in
    /// set `i`; `first_bit` is its first-word flag mask, set on each first word when `flag`.
    fn compile_sets(
        lists: &[(&'static str, &[String])],
        first_bit: u64,
        flag: bool,
        lexicon: &mut Lexicon,
    ) -> Result<Self, RulesError> {
        // Node 0 is the root.
        let mut building: Vec<Building> = vec![Building::default()];
        #[cfg(test)]
        let mut compiled = Vec::new();
        for (set, &(list, patterns)) in lists.iter().enumerate() {
            let set_bit = 1_u8.checked_shl(set as u32).unwrap_or(0);
            for pattern in patterns {
                let error = || RulesError::Pattern {
                    list,
                    pattern: pattern.clone(),
                };
                for expanded in expand(pattern).ok_or_else(error)? {
                    if expanded.len() > MAX_PHRASE_LEN {
                        return Err(error());
                    }
                    let ids: Box<[u32]> = expanded
                        .iter()
                        .map(|token| match token {
                            PatternToken::Word(word) => lexicon.intern(word),
                            PatternToken::Number => NUMBER,
                        })
                        .collect();
                    match ids.first() {
                        None => return Err(error()),
                        Some(&NUMBER) => {}
                        Some(&first) if flag => lexicon.add_flags_by_id(first, first_bit),
                        Some(_) => {}
                    }
                    let mut node = 0;
                    for &id in &ids {
                        let next = building.len();
                        let child = if id == NUMBER {
                            *building[node].number.get_or_insert(next)
                        } else {
                            *building[node].words.entry(id).or_insert(next)
                        };
                        if child == next {
                            building.push(Building::default());
                        }
                        node = child;
                    }
                    building[node].ends |= set_bit;
                    #[cfg(test)]
                    compiled.push(ids);
                }
            }
        }
        // Ids below the root are the building numbers less one; a trie too big for `u32`
        // numbers cannot be built in memory.
        let number = |node: Option<usize>| {
            node.and_then(|node| u32::try_from(node - 1).ok())
                .unwrap_or(NO_NODE)
        };
        let mut phrases = Self {
            first_words: IdTable::new(
                &building[0]
                    .words
                    .iter()
                    .filter_map(|(&id, &node)| Some((id, u32::try_from(node - 1).ok()?)))
                    .collect::<Vec<_>>(),
            ),
            first_number: number(building[0].number),
            first_bit,
            ..Self::default()
        };
        for node in building.iter().skip(1) {
            let from = u32::try_from(phrases.edges.len()).unwrap_or(u32::MAX);
            phrases.edges.extend(
                node.words
                    .iter()
                    .filter_map(|(&id, &child)| Some((id, u32::try_from(child - 1).ok()?))),
            );
            phrases.nodes.push(Node {
                ends: node.ends,
                number: number(node.number),
                from,
                to: u32::try_from(phrases.edges.len()).unwrap_or(u32::MAX),
            });
        }
        #[cfg(test)]
        {
            phrases.patterns = compiled;
        }
        Ok(phrases)
    }

    /// A phrase set on its own, with its lexicon (`number_words` counting as numbers), for the
    /// tests.
    #[cfg(test)]
    pub(super) fn for_test(
        patterns: &[&str],
        number_words: &[&str],
    ) -> Result<(Lexicon, Self), RulesError> {
        let mut lexicon = Lexicon::default();
        for word in number_words {
            lexicon.add_flags(word, NUMBER_FLAG);
        }
        let patterns: Vec<String> = patterns.iter().map(|&pattern| pattern.to_owned()).collect();
        let phrases = Self::compile("test", &patterns, &mut lexicon)?;
        Ok((lexicon, phrases))
    }

    /// Whether some phrase may start with `token`: a cheap test on its flags that rules out
    /// most tokens before any look-up (a `true` may still find nothing).
    #[inline(always)]
    pub(super) fn may_start(&self, token: &Token<'_>) -> bool {
        // A token outside the lexicon has no flags, so a flag found means a known token.
        token.flags & self.first_bit != 0
            || (token.number && self.first_number != NO_NODE)
            || (self.first_bit == 0 && token.id != UNKNOWN)
    }

    /// The quick test of [`Phrases::may_start`], to be combined with other sets' ([`Starts::or`]).
    pub(super) fn starts(&self) -> Starts {
        Starts {
            mask: self.first_bit,
            any_known: self.first_bit == 0,
            number: self.first_number != NO_NODE,
        }
    }

    /// Whether some phrase may start at some token of a sequence whose tokens' flags and
    /// number marks are summed up in `present` ([`Present::of`]): false rules out every start
    /// (a `true` may still find nothing).
    #[inline]
    pub(super) fn may_occur(&self, present: &Present) -> bool {
        (present.known && (self.first_bit == 0 || present.flags & self.first_bit != 0))
            || (present.number && self.first_number != NO_NODE)
    }

    /// The child of `node` by the word `id`, if any.
    #[inline]
    fn word_child(&self, node: &Node, id: u32) -> Option<u32> {
        let edges = self
            .edges
            .get(node.from as usize..node.to as usize)
            .unwrap_or_default();
        if edges.len() <= 8 {
            edges
                .iter()
                .find(|&&(word, _)| word == id)
                .map(|&(_, child)| child)
        } else {
            edges
                .binary_search_by_key(&id, |&(word, _)| word)
                .ok()
                .and_then(|index| edges.get(index))
                .map(|&(_, child)| child)
        }
    }

    /// Calls `found` with the exclusive end index of every phrase that matches starting at token
    /// `at` (with the sets it ends in, [`Node::ends`]), until it returns true.
    fn ends_at(&self, tokens: &[Token<'_>], at: usize, mut found: impl FnMut(usize, u8) -> bool) {
        let Some(first) = tokens.get(at) else {
            return;
        };
        if first.id != UNKNOWN
            && (self.first_bit == 0 || first.flags & self.first_bit != 0)
            && let Some(node) = self.first_words.get(first.id)
            && self.walk(tokens, node, at + 1, &mut found)
        {
            return;
        }
        if first.number && self.first_number != NO_NODE {
            self.walk(tokens, self.first_number, at + 1, &mut found);
        }
    }

    /// Walks on from `node`, reached with the tokens before `at` matched; true if `found`
    /// stopped the search. Recurses only where a number token can take both edges, so at most
    /// [`MAX_PHRASE_LEN`] deep.
    fn walk(
        &self,
        tokens: &[Token<'_>],
        mut node: u32,
        mut at: usize,
        found: &mut impl FnMut(usize, u8) -> bool,
    ) -> bool {
        loop {
            let Some(current) = self.nodes.get(node as usize) else {
                return false;
            };
            if current.ends != 0 && found(at, current.ends) {
                return true;
            }
            let Some(token) = tokens.get(at) else {
                return false;
            };
            let by_word = if token.id == UNKNOWN || current.from == current.to {
                None
            } else {
                self.word_child(current, token.id)
            };
            let by_number = (token.number && current.number != NO_NODE).then_some(current.number);
            at += 1;
            node = match (by_word, by_number) {
                (Some(word), Some(number)) => {
                    if self.walk(tokens, word, at, found) {
                        return true;
                    }
                    number
                }
                (Some(next), None) | (None, Some(next)) => next,
                (None, None) => return false,
            };
        }
    }

    /// The end of the longest phrase starting at `at`, if any.
    fn longest_end(&self, tokens: &[Token<'_>], at: usize) -> Option<usize> {
        let mut longest = None;
        self.ends_at(tokens, at, |end, _| {
            longest = longest.max(Some(end));
            false
        });
        longest
    }

    /// For a trie of two sets ([`Phrases::compile_two`]), the end of the longest phrase of each
    /// starting at `at`: what [`Phrases::longest_at`] of each set on its own gives (a phrase of
    /// a set can start only where that set's own test lets it).
    #[inline]
    pub(super) fn longest_of_two(
        &self,
        tokens: &[Token<'_>],
        at: usize,
    ) -> (Option<usize>, Option<usize>) {
        let mut longest = (None, None);
        if !tokens.get(at).is_some_and(|token| self.may_start(token)) {
            return longest;
        }
        self.ends_at(tokens, at, |end, sets| {
            if sets & 1 != 0 {
                longest.0 = longest.0.max(Some(end));
            }
            if sets & 2 != 0 {
                longest.1 = longest.1.max(Some(end));
            }
            false
        });
        longest
    }

    /// The ends of the phrases matching at `at`, found by trying every phrase in turn: the
    /// reference the tests hold the trie to.
    #[cfg(test)]
    fn matches_by_list<'s>(
        &'s self,
        tokens: &'s [Token<'_>],
        at: usize,
    ) -> impl Iterator<Item = usize> + 's {
        self.patterns
            .iter()
            .filter(move |pattern| {
                tokens.get(at..at + pattern.len()).is_some_and(|rest| {
                    rest.iter().zip(pattern.iter()).all(|(token, &expected)| {
                        if expected == NUMBER {
                            token.number
                        } else {
                            token.id == expected
                        }
                    })
                })
            })
            .map(move |pattern| at + pattern.len())
    }

    /// Whether some phrase starts with `token`, by trying every phrase in turn: what
    /// [`Phrases::may_start`] must never rule out, for the tests.
    #[cfg(test)]
    pub(super) fn starts_by_list(&self, token: &Token<'_>) -> bool {
        self.patterns.iter().any(|pattern| match pattern.first() {
            Some(&NUMBER) => token.number,
            Some(&first) => token.id == first,
            None => false,
        })
    }

    /// [`Phrases::longest_at`] by the trie and by trying every phrase in turn, for the tests.
    #[cfg(test)]
    pub(super) fn longest_at_both(
        &self,
        tokens: &[Token<'_>],
        at: usize,
    ) -> (Option<usize>, Option<usize>) {
        (
            self.longest_at(tokens, at),
            self.matches_by_list(tokens, at).max(),
        )
    }

    /// [`Phrases::spans`] by trying every phrase in turn, for the tests.
    #[cfg(test)]
    pub(super) fn spans_by_list(&self, tokens: &[Token<'_>], from: usize, to: usize) -> bool {
        self.matches_by_list(tokens, from).any(|end| end == to)
    }

    #[inline]
    pub(super) fn longest_at(&self, tokens: &[Token<'_>], at: usize) -> Option<usize> {
        if !tokens.get(at).is_some_and(|token| self.may_start(token)) {
            return None;
        }
        self.longest_end(tokens, at)
    }

    /// Whether some phrase covers exactly tokens `from..to`.
    #[inline]
    pub(super) fn spans(&self, tokens: &[Token<'_>], from: usize, to: usize) -> bool {
        if !tokens.get(from).is_some_and(|token| self.may_start(token)) {
            return false;
        }
        let mut spans = false;
        self.ends_at(tokens, from, |end, _| {
            spans = end == to;
            spans
        });
        spans
    }
    /// Leftmost-longest, non-overlapping matches as token ranges.
    pub(super) fn find_all(&self, tokens: &[Token<'_>]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        self.find_each(tokens, |from, to| found.push((from, to)));
        found
    }

    /// Whether one phrase is all the words of `tokens` (marks before the first word and after
    /// the last, such as a closing colon, left out).
    pub(super) fn matches_whole(&self, tokens: &[Token<'_>]) -> bool {
        let Some(first) = tokens.iter().position(|token| token.word) else {
            return false;
        };
        let last = tokens.iter().rposition(|token| token.word).unwrap_or(first);
        self.spans(tokens, first, last + 1)
    }

    /// Whether [`Phrases::find_all`] finds anything: some phrase matches at some token (the
    /// first such token is where `find_all` finds its first match), without collecting.
    pub(super) fn matches_any(&self, tokens: &[Token<'_>]) -> bool {
        (0..tokens.len()).any(|at| {
            self.may_start(&tokens[at]) && {
                let mut found = false;
                self.ends_at(tokens, at, |_, _| {
                    found = true;
                    true
                });
                found
            }
        })
    }

    /// For a trie of several sets ([`Phrases::compile_many`]), what [`Phrases::find_each`] of
    /// each of the first `sets` sets on its own finds, each match passed to `found` with its
    /// set's number: by start, and at one start by set. One walk at each token serves every set
    /// whose last match ended by then (a set's phrases can start only where its own test lets
    /// them, so a token no phrase of a set starts with finds none of that set).
    pub(super) fn find_each_of_sets(
        &self,
        tokens: &[Token<'_>],
        sets: usize,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        let sets = sets.min(8);
        let starts = self.starts();
        // Where each set's next match may start (its last match's end).
        let mut next = [0_usize; 8];
        let mut from = 0;
        while let Some(at) = starts.next(tokens, from) {
            let mut open = 0_u8;
            for (set, &start) in next.iter().enumerate().take(sets) {
                if start <= at {
                    open |= 1 << set;
                }
            }
            if open != 0 {
                let mut longest = [0_usize; 8];
                self.ends_at(tokens, at, |end, ends| {
                    let mut hit = ends & open;
                    while hit != 0 {
                        let set = hit.trailing_zeros() as usize;
                        hit &= hit - 1;
                        if let Some(slot) = longest.get_mut(set) {
                            *slot = (*slot).max(end);
                        }
                    }
                    false
                });
                for set in 0..sets {
                    // An end is always past its start, so 0 is none.
                    if longest[set] > at {
                        found(at, longest[set], set);
                        next[set] = longest[set];
                    }
                }
            }
            from = at + 1;
        }
    }

    /// [`Phrases::find_all`], each match passed to `found` in order rather than collected.
    pub(super) fn find_each(&self, tokens: &[Token<'_>], mut found: impl FnMut(usize, usize)) {
        let starts = self.starts();
        let mut from = 0;
        while let Some(at) = starts.next(tokens, from) {
            match self.longest_end(tokens, at) {
                Some(end) => {
                    found(at, end);
                    from = end;
                }
                None => from = at + 1,
            }
        }
    }
}

/// Expands a pattern (`a|b` alternatives, `x?` optional, `{n}` number) into token sequences.
fn expand(pattern: &str) -> Option<Vec<Vec<PatternToken>>> {
    let mut sequences: Vec<Vec<PatternToken>> = vec![Vec::new()];
    for slot in pattern.split_whitespace() {
        let (body, optional) = match slot.strip_suffix('?') {
            Some(body) if !body.is_empty() => (body, true),
            _ => (slot, false),
        };
        let mut alternatives: Vec<Vec<PatternToken>> = body
            .split('|')
            .filter(|alternative| !alternative.is_empty())
            .map(|alternative| {
                if alternative == "{n}" {
                    vec![PatternToken::Number]
                } else {
                    normalise_phrase(alternative)
                        .split(' ')
                        .filter(|word| !word.is_empty())
                        .map(|word| PatternToken::Word(word.to_owned()))
                        .collect()
                }
            })
            .collect();
        if optional {
            alternatives.push(Vec::new());
        }
        let mut next = Vec::with_capacity(sequences.len() * alternatives.len());
        for prefix in &sequences {
            for alternative in &alternatives {
                let mut sequence = prefix.clone();
                sequence.extend(alternative.iter().cloned());
                next.push(sequence);
            }
        }
        if next.len() > MAX_EXPANSION {
            return None;
        }
        sequences = next;
    }
    sequences.retain(|sequence| !sequence.is_empty());
    sequences.dedup();
    (!sequences.is_empty()).then_some(sequences)
}
