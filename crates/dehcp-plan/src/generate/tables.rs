//! The need tables (B → F → E per broad area), the health table (C → G → E) and the social
//! care table (D → H1 / H2 → E), with each area's strengths.
//!
//! Must not: put a need in two places, write a provision part the evidence does not give, or
//! let hash order reach the plan (maps here are only looked up; output follows vectors).

use std::collections::{BTreeSet, HashMap};

use dehcp_domain::BroadArea;
use dehcp_ingest::BlockKind;
use dehcp_ingest::metadata::AdviceKind;
use dehcp_nlp::analysis::{Analysis, Finding, Provision};
use dehcp_nlp::context::Polarity;

use super::evidence::{Doc, Quoter, push_unique};
use super::matching::{self, Profile};
use super::rules::{self, Table};
use super::statement;
use crate::model::{
    AreaTable, CareRow, Origin, Part, ProvisionParts, Quote, SocialCareRow, Statement,
};
use crate::outcomes::{OutcomeLibrary, OutcomeTemplate, PFA_FROM_YEAR, PfaDomain, Phase};

/// The longest evidence sentence printed after a need's label, in characters.
const MAX_SENTENCE: usize = 300;

/// The least score that puts a recommendation on a need's row rather than the general row.
const ROW_MIN: f32 = 1.0;

/// The least score that lets a recommendation already placed also meet a need left without
/// provision (a recommendation on the same table counts [`SAME_TABLE`] more).
const FILL_MIN: f32 = 2.0;

/// What a recommendation on the same table as a need adds when filling that need.
const SAME_TABLE: f32 = 0.5;

/// What the advice giver's usual area adds to an area's vote.
const DEFAULT_AREA: f32 = 0.5;

/// What the area named by the heading a recommendation sits under adds to that area's vote.
const HEADING_AREA: f32 = 1.5;

/// What each concept of an area named inside a recommendation adds to that area's vote.
const CONCEPT_AREA: f32 = 2.0;

/// What the tables are built from.
pub(crate) struct Context<'a, 'b> {
    /// The documents.
    pub(crate) quoter: &'b Quoter<'a, 'b>,
    /// The evidence engine's analysis.
    pub(crate) analysis: &'b Analysis,
    /// The outcomes library.
    pub(crate) library: &'b OutcomeLibrary,
    /// The phase outcomes are chosen for.
    pub(crate) phase: Phase,
    /// The year group, when known (Preparing for Adulthood from Year 9).
    pub(crate) year_group: Option<i8>,
    /// How outcomes name the child.
    pub(crate) child: &'b str,
}

/// The built tables, plus interests for A2.
pub(crate) struct Built {
    /// One table per broad area, in Code of Practice order.
    pub(crate) areas: Vec<AreaTable>,
    /// C → G → E.
    pub(crate) health: Vec<CareRow>,
    /// D → H1 / H2 → E.
    pub(crate) social_care: Vec<SocialCareRow>,
    /// Interests named by professionals, for A2: label, quotes.
    pub(crate) interests: Vec<Gathered>,
}

/// A concept gathered across the bundle: one need or strength with all its quotes.
pub(crate) struct Gathered {
    /// Dictionary concept id.
    pub(crate) concept: String,
    /// Its label.
    pub(crate) label: String,
    /// Whether it is a diagnosis.
    diagnosis: bool,
    /// Every quote, in bundle order, without repeats.
    pub(crate) quotes: Vec<Quote>,
    /// The sentence the engine was surest of, and how sure.
    best: Option<(f32, Quote)>,
    /// Documents it was found in.
    documents: BTreeSet<usize>,
    /// The first finding, for its concept's metrics when matching provision.
    finding: Finding,
}

impl Gathered {
    fn new(finding: &Finding) -> Gathered {
        Gathered {
            concept: finding.concept.clone(),
            label: finding.label.clone(),
            diagnosis: finding.kind == "diagnosis",
            quotes: Vec::new(),
            best: None,
            documents: BTreeSet::new(),
            finding: finding.clone(),
        }
    }

    /// The need's profile for matching provision to it, from its label and its evidence
    /// sentences that are not recommendations.
    fn profile(
        &self,
        names: &BTreeSet<String>,
        recommendations: &[(usize, usize, usize)],
    ) -> Profile {
        let recommended = |quote: &&Quote| {
            recommendations.iter().any(|(document, start, end)| {
                quote.document == *document && quote.start >= *start && quote.end <= *end
            })
        };
        let sentences = self
            .quotes
            .iter()
            .filter(|quote| !recommended(quote))
            .map(|quote| quote.text.as_str());
        Profile::need(&self.finding, sentences, names)
    }

    fn add(&mut self, finding: &Finding, quote: Quote) {
        self.documents.insert(quote.document);
        let better = self
            .best
            .as_ref()
            .is_none_or(|(confidence, _)| finding.confidence > *confidence);
        if better {
            self.best = Some((finding.confidence, quote.clone()));
        }
        push_unique(&mut self.quotes, quote);
    }

    /// The printed text: the label, then the surest evidence sentence when it says more.
    pub(crate) fn text(&self) -> String {
        match &self.best {
            Some((_, quote))
                if quote.text.chars().count() <= MAX_SENTENCE
                    && squash(&quote.text) != squash(&self.label) =>
            {
                format!("{}: {}", self.label, quote.text)
            }
            _ => self.label.clone(),
        }
    }
}

/// Lower-case letters and digits only, for comparing a sentence with a label.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Gathers findings by key, keeping first-seen order.
struct Gatherer<K> {
    items: Vec<(K, Gathered)>,
    index: HashMap<(K, String), usize>,
}

impl<K> Default for Gatherer<K> {
    fn default() -> Self {
        Gatherer {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<K: Copy + Eq + std::hash::Hash> Gatherer<K> {
    fn add(&mut self, key: K, finding: &Finding, quote: Quote) {
        let at = *self
            .index
            .entry((key, finding.concept.clone()))
            .or_insert_with(|| {
                self.items.push((key, Gathered::new(finding)));
                self.items.len() - 1
            });
        if let Some((_, gathered)) = self.items.get_mut(at) {
            gathered.add(finding, quote);
        }
    }

    /// The gathered items for `key`, ordered: diagnoses, then by number of documents, then
    /// by first appearance.
    fn take(&mut self, key: K) -> Vec<Gathered> {
        let mut out = Vec::new();
        let mut rest = Vec::new();
        for (k, gathered) in self.items.drain(..) {
            if k == key {
                out.push(gathered);
            } else {
                rest.push((k, gathered));
            }
        }
        self.items = rest;
        out.sort_by(|a, b| {
            b.diagnosis
                .cmp(&a.diagnosis)
                .then(b.documents.len().cmp(&a.documents.len()))
        });
        out
    }
}

/// Where a provision goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    F,
    G,
    H1,
    H2,
}

impl Section {
    fn code(self) -> &'static str {
        match self {
            Section::F => "F",
            Section::G => "G",
            Section::H1 => "H1",
            Section::H2 => "H2",
        }
    }
}

/// A drafted provision statement waiting for its id.
#[derive(Clone)]
struct Drafted {
    section: Section,
    text: String,
    quote: Quote,
    parts: ProvisionParts,
    /// What it is about, for matching it to needs.
    profile: Profile,
}

/// One table being built: its needs and the provision attached to each (index `needs.len()`
/// is the general row).
struct Building {
    table: Table,
    needs: Vec<Gathered>,
    /// Each need's profile, in the same order.
    profiles: Vec<Profile>,
    provision: Vec<Vec<Drafted>>,
}

impl Building {
    fn new(
        table: Table,
        needs: Vec<Gathered>,
        names: &BTreeSet<String>,
        recommendations: &[(usize, usize, usize)],
    ) -> Building {
        let rows = needs.len() + 1;
        Building {
            table,
            profiles: needs
                .iter()
                .map(|need| need.profile(names, recommendations))
                .collect(),
            needs,
            provision: (0..rows).map(|_| Vec::new()).collect(),
        }
    }

    /// The index of the general row.
    fn general(&self) -> usize {
        self.needs.len()
    }

    /// Whether a drafted statement of `section` may meet this table's needs.
    fn accepts(&self, section: Section) -> bool {
        match self.table {
            Table::Area(_) => section == Section::F,
            Table::Health => section == Section::G,
            Table::SocialCare => matches!(section, Section::H1 | Section::H2),
        }
    }
}

/// The findings of one document, ordered by where their mention starts.
struct Spans<'f> {
    by_document: Vec<Vec<&'f Finding>>,
}

impl<'f> Spans<'f> {
    fn new(analysis: &'f Analysis) -> Spans<'f> {
        let mut by_document: Vec<Vec<&Finding>> = vec![Vec::new(); analysis.documents.len()];
        for finding in &analysis.findings {
            if let Some(list) = by_document.get_mut(finding.mention.document) {
                list.push(finding);
            }
        }
        for list in &mut by_document {
            list.sort_by_key(|finding| (finding.mention.start, finding.mention.end));
        }
        Spans { by_document }
    }

    /// Findings whose mention lies inside `start..end` of `document`.
    fn within(&self, document: usize, start: usize, end: usize) -> &[&'f Finding] {
        let Some(list) = self.by_document.get(document) else {
            return &[];
        };
        let from = list.partition_point(|finding| finding.mention.start < start);
        let to = list.partition_point(|finding| finding.mention.start < end);
        list.get(from..to).unwrap_or(&[])
    }
}

/// Builds every table.
pub(crate) fn build(context: &Context<'_, '_>) -> Built {
    let analysis = context.analysis;
    let mut needs: Gatherer<Table> = Gatherer::default();
    let mut strengths: Gatherer<Option<BroadArea>> = Gatherer::default();
    for finding in &analysis.findings {
        if finding.polarity != Polarity::Affirmed {
            continue;
        }
        let Some(quote) = context.quoter.quote(&finding.quote) else {
            continue;
        };
        match finding.kind {
            "diagnosis" | "difficulty" => {
                if let Some(table) = rules::table_for(&finding.concept, finding.area) {
                    needs.add(table, finding, quote);
                }
            }
            "strength" => {
                let area = rules::strength_area(&finding.concept);
                let from_views = context
                    .quoter
                    .doc(quote.document)
                    .is_some_and(|doc| doc.is_views());
                // The child's and family's own words are already in A2.
                if area.is_some() || !from_views {
                    strengths.add(area, finding, quote);
                }
            }
            _ => {}
        }
    }

    let names = name_like_words(&needs, analysis);
    let recommendations: Vec<(usize, usize, usize)> = analysis
        .provisions
        .iter()
        .map(|p| (p.statement.document, p.statement.start, p.statement.end))
        .collect();
    let mut tables: Vec<Building> = BroadArea::ALL
        .iter()
        .map(|area| Table::Area(*area))
        .chain([Table::Health, Table::SocialCare])
        .map(|table| {
            let gathered = needs.take(table);
            Building::new(table, gathered, &names, &recommendations)
        })
        .collect();

    let spans = Spans::new(analysis);
    for provision in &analysis.provisions {
        place(context, &spans, &names, &mut tables, provision);
    }
    fill_needs_without_provision(&mut tables);

    let mut outcomes = Outcomes::new(context);
    let mut built_rows: Vec<(Table, Vec<CareRowParts>)> = tables
        .into_iter()
        .map(|building| (building.table, rows(building, &mut outcomes)))
        .collect();
    outcomes.preparing_for_adulthood(&mut built_rows);

    let mut areas = Vec::new();
    let mut health = Vec::new();
    let mut social_care = Vec::new();
    for (table, rows) in built_rows {
        match table {
            Table::Area(area) => {
                let key = area.id();
                let strengths = strengths
                    .take(Some(area))
                    .into_iter()
                    .enumerate()
                    .map(|(n, gathered)| {
                        statement(
                            format!("B-{key}-strength-{}", n + 1),
                            "B",
                            gathered.text(),
                            Origin::Evidence,
                            None,
                            gathered.quotes,
                        )
                    })
                    .collect();
                areas.push(AreaTable {
                    area: key.to_owned(),
                    title: area_title(area).to_owned(),
                    strengths,
                    rows: rows.into_iter().map(CareRowParts::care_row).collect(),
                });
            }
            Table::Health => health = rows.into_iter().map(CareRowParts::care_row).collect(),
            Table::SocialCare => {
                social_care = rows.into_iter().map(CareRowParts::social_row).collect();
            }
        }
    }
    Built {
        areas,
        health,
        social_care,
        interests: strengths.take(None),
    }
}

/// The printed title of a broad area.
fn area_title(area: BroadArea) -> &'static str {
    match area {
        BroadArea::CommunicationAndInteraction => "Communication and interaction",
        BroadArea::CognitionAndLearning => "Cognition and learning",
        BroadArea::SocialEmotionalMentalHealth => "Social, emotional and mental health",
        BroadArea::SensoryAndPhysical => "Sensory and/or physical",
    }
}

/// The broad area a kind of advice usually speaks to.
fn default_area(kind: AdviceKind) -> Option<BroadArea> {
    match kind {
        AdviceKind::SpeechAndLanguageTherapy => Some(BroadArea::CommunicationAndInteraction),
        AdviceKind::EducationalPsychology | AdviceKind::Education => {
            Some(BroadArea::CognitionAndLearning)
        }
        AdviceKind::OccupationalTherapy | AdviceKind::Physiotherapy => {
            Some(BroadArea::SensoryAndPhysical)
        }
        AdviceKind::CamhsClinicalPsychology | AdviceKind::SocialCare => {
            Some(BroadArea::SocialEmotionalMentalHealth)
        }
        _ => None,
    }
}

/// Words that look like names in the needs' evidence and the recommendations (the child's
/// first name, a school's name): left out of matching.
fn name_like_words(needs: &Gatherer<Table>, analysis: &Analysis) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (_, gathered) in &needs.items {
        for quote in &gathered.quotes {
            matching::name_like(&quote.text, &mut names);
        }
    }
    for provision in &analysis.provisions {
        matching::name_like(&provision.statement.text, &mut names);
    }
    names
}

/// Which section a recommendation belongs in, from who gave it, what it says and whether it is
/// about a health condition.
fn section_for(kind: AdviceKind, words: &[String], about_health: bool) -> Section {
    let any = |cues: &[&str]| cues.iter().any(|cue| rules::has_phrase(words, cue));
    let educates = any(rules::EDUCATIONAL);
    match kind {
        // Speech and language therapy educates or trains: always F.
        AdviceKind::SpeechAndLanguageTherapy => Section::F,
        AdviceKind::SocialCare => {
            if educates {
                Section::F
            } else if any(rules::H1_CUES) {
                Section::H1
            } else {
                Section::H2
            }
        }
        _ if about_health && !any(rules::TEACHES) => Section::G,
        AdviceKind::PaediatricMedical | AdviceKind::CamhsClinicalPsychology => {
            if educates {
                Section::F
            } else {
                Section::G
            }
        }
        AdviceKind::OccupationalTherapy | AdviceKind::Physiotherapy => {
            if any(rules::HEALTH_CUES) && !educates {
                Section::G
            } else {
                Section::F
            }
        }
        _ => Section::F,
    }
}

/// Whether a recommendation is about a health condition: it names a condition that is a
/// health need (or one in section C), medical care or equipment (an intervention the
/// dictionary ties to health), a nurse or medicine, or it shares a word with the label of a
/// section C need.
fn about_health(
    found: &[&Finding],
    words: &[String],
    profile: &Profile,
    health: Option<&Building>,
) -> bool {
    let in_c: BTreeSet<&str> = health
        .map(|building| {
            building
                .needs
                .iter()
                .map(|need| need.concept.as_str())
                .collect()
        })
        .unwrap_or_default();
    let named = found.iter().any(|finding| {
        finding.polarity != Polarity::Negated
            && (rules::table_for(&finding.concept, finding.area) == Some(Table::Health)
                || in_c.contains(finding.concept.as_str())
                || (matches!(finding.kind, "intervention" | "professional")
                    && finding
                        .metrics
                        .iter()
                        .any(|m| m.metric == "health_issues" && m.weight >= 1.0)))
    });
    let cued = rules::CONDITION_CUES
        .iter()
        .any(|cue| rules::has_phrase(words, cue));
    let matched = health.is_some_and(|building| {
        building
            .profiles
            .iter()
            .any(|need| matching::names_need(need, profile))
    });
    named || cued || matched
}

/// The best-matching need in a table (first on ties) and its score; the general row when no
/// need scores at least [`ROW_MIN`]. Health needs are named conditions: provision meets one
/// only when it names the condition, or a word of its label or a related word ("inhaler" for
/// asthma), not merely a word of the sentences around it.
fn best_row(building: &Building, profile: &Profile) -> (usize, f32) {
    let mut best = (building.general(), 0.0);
    for (index, need) in building.profiles.iter().enumerate() {
        if building.table == Table::Health && !matching::names_need(need, profile) {
            continue;
        }
        let score = matching::score(need, profile);
        if score >= ROW_MIN && score > best.1 {
            best = (index, score);
        }
    }
    best
}

/// The heading a statement at character `start` sits under: the last marked-up heading
/// before it, or, in a document without any, the last paragraph that reads as a heading.
fn heading_before<'d>(doc: &Doc<'d>, start: usize) -> Option<&'d str> {
    /// How far back to look for a heading-like paragraph.
    const LOOK_BACK: usize = 40;
    let blocks = &doc.document.blocks;
    let marked_up = blocks
        .iter()
        .any(|block| matches!(block.kind, BlockKind::Heading { .. }));
    let at = blocks.partition_point(|block| block.start <= start);
    let before = blocks.get(..at)?;
    if marked_up {
        before
            .iter()
            .rev()
            .find(|block| matches!(block.kind, BlockKind::Heading { .. }))
            .map(|block| block.text.as_str())
    } else {
        before
            .iter()
            .rev()
            .take(LOOK_BACK)
            .skip(1)
            .find(|block| {
                block.kind == BlockKind::Paragraph && rules::looks_like_heading(&block.text)
            })
            .map(|block| block.text.as_str())
    }
}

/// The broad area a recommendation in F belongs to: a vote of the areas of the concepts it
/// names, how well it meets each area's needs, the area of the heading it sits under and the
/// area the advice giver usually speaks to (which also wins ties).
fn area_for(
    doc: &Doc<'_>,
    start: usize,
    found: &[&Finding],
    profile: &Profile,
    tables: &[Building],
) -> BroadArea {
    let usual = default_area(doc.kind);
    let heading = heading_before(doc, start).and_then(rules::heading_area);
    let vote = |area: BroadArea| -> f32 {
        let concepts = found
            .iter()
            .filter(|finding| finding.area.and_then(|a| a.parse::<BroadArea>().ok()) == Some(area))
            .count();
        let matched = tables
            .iter()
            .find(|building| building.table == Table::Area(area))
            .map_or(0.0, |building| best_row(building, profile).1);
        let mut vote = CONCEPT_AREA * f32::from(u16::try_from(concepts).unwrap_or(u16::MAX));
        vote += matched;
        if usual == Some(area) {
            vote += DEFAULT_AREA;
        }
        if heading == Some(area) {
            vote += HEADING_AREA;
        }
        vote
    };
    let fallback = usual.unwrap_or(BroadArea::CognitionAndLearning);
    let mut best = (fallback, vote(fallback));
    for area in BroadArea::ALL {
        let vote = vote(area);
        if vote > best.1 {
            best = (area, vote);
        }
    }
    best.0
}

/// Places one recommendation in its table and row.
fn place(
    context: &Context<'_, '_>,
    spans: &Spans<'_>,
    names: &BTreeSet<String>,
    tables: &mut [Building],
    provision: &Provision,
) {
    let Some(doc) = context.quoter.doc(provision.statement.document) else {
        return;
    };
    if doc.is_views() {
        return;
    }
    let Some(quote) = context.quoter.quote(&provision.statement) else {
        return;
    };
    let words = rules::words(&quote.text);
    if rules::PROCESS
        .iter()
        .any(|cue| rules::has_phrase(&words, cue))
    {
        return;
    }
    let found = spans.within(quote.document, quote.start, quote.end);
    let profile = Profile::provision(&quote.text, found, names);
    let health = tables
        .iter()
        .find(|building| building.table == Table::Health);
    let section = section_for(
        doc.kind,
        &words,
        about_health(found, &words, &profile, health),
    );

    let table = match section {
        Section::G => Table::Health,
        Section::H1 | Section::H2 => Table::SocialCare,
        Section::F => Table::Area(area_for(doc, quote.start, found, &profile, tables)),
    };
    let Some(building) = tables.iter_mut().find(|building| building.table == table) else {
        return;
    };
    let (row, _) = best_row(building, &profile);
    let who = doc.giver();
    let part = |part: &Option<dehcp_nlp::analysis::Quote>| -> Part {
        match part.as_ref().and_then(|q| context.quoter.quote(q)) {
            Some(quote) => Part {
                text: quote.text.clone(),
                quote: Some(quote),
                placeholder: false,
            },
            None => placeholder_part(who),
        }
    };
    let group = provision
        .group
        .as_ref()
        .and_then(|q| context.quoter.quote(q))
        .map(|quote| Part {
            text: quote.text.clone(),
            quote: Some(quote),
            placeholder: false,
        });
    let drafted = Drafted {
        section,
        text: one_line(&quote.text),
        quote,
        parts: ProvisionParts {
            what: part(&provision.what),
            who: part(&provision.who),
            frequency: part(&provision.frequency),
            duration: part(&provision.duration),
            group,
            programme_length: part(&provision.programme_length),
        },
        profile,
    };
    if let Some(slot) = building.provision.get_mut(row) {
        slot.push(drafted);
    }
}

/// Gives each need still without provision the recommendation that meets it best, when one
/// meets it well enough ([`FILL_MIN`]): a recommendation left on a general row moves to the
/// need; one already meeting another need is repeated, verbatim with its quotes, on this
/// need's row too (a plan may name the same provision against several needs). Looks in the
/// need's own table first ([`SAME_TABLE`]), then in the tables of the same section.
fn fill_needs_without_provision(tables: &mut [Building]) {
    for t in 0..tables.len() {
        let Some(count) = tables.get(t).map(|building| building.needs.len()) else {
            continue;
        };
        for need in 0..count {
            let Some(target) = tables.get(t) else {
                break;
            };
            let empty = target.provision.get(need).is_some_and(Vec::is_empty);
            let Some(profile) = target.profiles.get(need) else {
                continue;
            };
            if !empty {
                continue;
            }
            // (score, table, row, index)
            let mut best: Option<(f32, usize, usize, usize)> = None;
            for (u, building) in tables.iter().enumerate() {
                for (row, list) in building.provision.iter().enumerate() {
                    for (index, drafted) in list.iter().enumerate() {
                        if !target.accepts(drafted.section) {
                            continue;
                        }
                        let mut score = matching::score(profile, &drafted.profile);
                        if u == t {
                            score += SAME_TABLE;
                        }
                        if score >= FILL_MIN && best.is_none_or(|(top, ..)| score > top) {
                            best = Some((score, u, row, index));
                        }
                    }
                }
            }
            let Some((_, u, row, index)) = best else {
                continue;
            };
            let general = tables
                .get(u)
                .is_some_and(|building| building.general() == row);
            let source = tables.get_mut(u).and_then(|b| b.provision.get_mut(row));
            let drafted = match source {
                Some(list) if general && index < list.len() => list.remove(index),
                Some(list) => match list.get(index) {
                    Some(drafted) => drafted.clone(),
                    None => continue,
                },
                None => continue,
            };
            if let Some(slot) = tables.get_mut(t).and_then(|b| b.provision.get_mut(need)) {
                slot.push(drafted);
            }
        }
    }
}

/// The visible placeholder for a part the evidence does not give.
fn placeholder_part(who: &str) -> Part {
    Part {
        text: format!("to be specified by {who}"),
        quote: None,
        placeholder: true,
    }
}

/// A row before it is typed as an area, health or social care row.
struct CareRowParts {
    id: String,
    need: Statement,
    provision: Vec<Statement>,
    h1: Vec<Statement>,
    h2: Vec<Statement>,
    outcomes: Vec<Statement>,
    /// Quotes outcomes on this row carry.
    evidence: Vec<Quote>,
    /// Whether this is the general row (need to be linked by the coordinator).
    general: bool,
}

impl CareRowParts {
    fn care_row(self) -> CareRow {
        let mut provision = self.provision;
        provision.extend(self.h1);
        provision.extend(self.h2);
        CareRow {
            id: self.id,
            need: self.need,
            provision,
            outcomes: self.outcomes,
        }
    }

    fn social_row(self) -> SocialCareRow {
        let mut h2 = self.h2;
        h2.extend(self.provision);
        SocialCareRow {
            id: self.id,
            need: self.need,
            h1: self.h1,
            h2,
            outcomes: self.outcomes,
        }
    }
}

/// The section code of a table's needs.
fn need_section(table: Table) -> &'static str {
    match table {
        Table::Area(_) => "B",
        Table::Health => "C",
        Table::SocialCare => "D",
    }
}

/// Turns a table being built into rows with ids, provision and outcomes.
fn rows(building: Building, outcomes: &mut Outcomes<'_, '_>) -> Vec<CareRowParts> {
    let table = building.table;
    let key = table.key();
    let section = need_section(table);
    let mut out = Vec::new();
    let general_index = building.needs.len();
    let mut needs = building.needs.into_iter();
    for (index, provision) in building.provision.into_iter().enumerate() {
        let general = index == general_index;
        let number = if general {
            "general".to_owned()
        } else {
            (index + 1).to_string()
        };
        let id = format!("{section}-{key}-{number}");
        let (need, concept) = if general {
            if provision.is_empty() {
                continue;
            }
            let need = statement(
                id.clone(),
                section,
                "Need to be specified by the EHC coordinator: the provision in this row was \
                 recommended for this area but matches no need named in the advice."
                    .to_owned(),
                Origin::Placeholder {
                    who: "the EHC coordinator".to_owned(),
                },
                None,
                Vec::new(),
            );
            (need, None)
        } else {
            let Some(gathered) = needs.next() else {
                continue;
            };
            let need = statement(
                id.clone(),
                section,
                gathered.text(),
                Origin::Evidence,
                None,
                gathered.quotes.clone(),
            );
            (need, Some(gathered.concept))
        };
        let mut row = CareRowParts {
            id,
            evidence: if general {
                provision.iter().map(|d| d.quote.clone()).collect()
            } else {
                need.quotes.clone()
            },
            need,
            provision: Vec::new(),
            h1: Vec::new(),
            h2: Vec::new(),
            outcomes: Vec::new(),
            general,
        };
        for drafted in provision {
            let list = match drafted.section {
                Section::H1 => &mut row.h1,
                Section::H2 => &mut row.h2,
                Section::F | Section::G => &mut row.provision,
            };
            let code = drafted.section.code();
            let mut stated = statement(
                format!("{code}-{key}-{number}-{}", list.len() + 1),
                code,
                drafted.text,
                Origin::Evidence,
                None,
                vec![drafted.quote],
            );
            stated.provision = Some(drafted.parts);
            list.push(stated);
        }
        outcomes.add(table, &number, concept.as_deref(), &mut row);
        out.push(row);
    }
    out
}

/// Chooses outcomes from the library.
struct Outcomes<'c, 'b> {
    context: &'c Context<'c, 'b>,
    /// How many general outcomes each table has used, to vary them.
    used: HashMap<Table, usize>,
}

impl<'c, 'b> Outcomes<'c, 'b> {
    fn new(context: &'c Context<'c, 'b>) -> Outcomes<'c, 'b> {
        Outcomes {
            context,
            used: HashMap::new(),
        }
    }

    fn outcome(
        &self,
        template: &OutcomeTemplate,
        id: String,
        evidence: &[Quote],
        pfa: bool,
    ) -> Statement {
        let text = template.render_for(self.context.child, self.context.year_group);
        let text = match template.pfa.filter(|_| pfa) {
            Some(domain) => format!("Preparing for adulthood ({}): {text}", domain.title()),
            None => text,
        };
        let mut stated = statement(
            id,
            "E",
            text,
            Origin::Library {
                template: template.id.clone(),
            },
            None,
            evidence.to_vec(),
        );
        stated.suggestion = true;
        stated
    }

    /// One outcome for a row: a template naming its need, else a general one for the table.
    fn add(&mut self, table: Table, number: &str, concept: Option<&str>, row: &mut CareRowParts) {
        let library = self.context.library;
        let phase = self.context.phase;
        let key = table.key();
        let specific = concept.and_then(|concept| library.for_need(key, concept, phase).next());
        let template = specific.or_else(|| {
            let general: Vec<&OutcomeTemplate> = library.general(key, phase).collect();
            let used = self.used.entry(table).or_insert(0);
            let chosen = general.get(*used % general.len().max(1)).copied();
            *used += 1;
            chosen
        });
        if let Some(template) = template {
            let id = format!("E-{key}-{number}-1");
            let stated = self.outcome(template, id, &row.evidence, false);
            row.outcomes.push(stated);
        }
    }

    /// From Year 9, one outcome per Preparing for Adulthood domain, on the row that fits best.
    fn preparing_for_adulthood(&self, tables: &mut [(Table, Vec<CareRowParts>)]) {
        let Some(year) = self.context.year_group else {
            return;
        };
        if year < PFA_FROM_YEAR {
            return;
        }
        let phase = match self.context.phase {
            Phase::Post16 => Phase::Post16,
            _ => Phase::Secondary,
        };
        use BroadArea::*;
        for domain in PfaDomain::ALL {
            let preference: [Table; 6] = match domain {
                PfaDomain::Employment => [
                    Table::Area(CognitionAndLearning),
                    Table::Area(CommunicationAndInteraction),
                    Table::Area(SocialEmotionalMentalHealth),
                    Table::Area(SensoryAndPhysical),
                    Table::Health,
                    Table::SocialCare,
                ],
                PfaDomain::IndependentLiving => [
                    Table::Area(SensoryAndPhysical),
                    Table::Area(CognitionAndLearning),
                    Table::SocialCare,
                    Table::Area(CommunicationAndInteraction),
                    Table::Area(SocialEmotionalMentalHealth),
                    Table::Health,
                ],
                PfaDomain::Community => [
                    Table::Area(CommunicationAndInteraction),
                    Table::Area(SocialEmotionalMentalHealth),
                    Table::SocialCare,
                    Table::Area(CognitionAndLearning),
                    Table::Area(SensoryAndPhysical),
                    Table::Health,
                ],
                PfaDomain::Health => [
                    Table::Health,
                    Table::Area(SocialEmotionalMentalHealth),
                    Table::Area(SensoryAndPhysical),
                    Table::Area(CommunicationAndInteraction),
                    Table::Area(CognitionAndLearning),
                    Table::SocialCare,
                ],
            };
            let Some(at) = preference.iter().find_map(|wanted| {
                tables
                    .iter()
                    .position(|(table, rows)| table == wanted && !rows.is_empty())
            }) else {
                continue;
            };
            let Some((table, rows)) = tables.get_mut(at) else {
                continue;
            };
            let table = *table;
            let templates: Vec<&OutcomeTemplate> = self
                .context
                .library
                .preparing_for_adulthood(domain, phase)
                .collect();
            let Some(template) = templates
                .iter()
                .find(|template| template.area == table.key())
                .or_else(|| templates.first())
            else {
                continue;
            };
            let row = match rows.iter().position(|row| !row.general) {
                Some(index) => rows.get_mut(index),
                None => rows.first_mut(),
            };
            if let Some(row) = row {
                let id = format!(
                    "{}-pfa-{}",
                    row.id.replacen(need_section(table), "E", 1),
                    domain.id()
                );
                let stated = self.outcome(template, id, &row.evidence, true);
                row.outcomes.push(stated);
            }
        }
    }
}

/// A statement's words on one line: the cells of a provision table's row (blocks apart in the
/// document) joined by "; ". Words and numbers are the quote's own.
fn one_line(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|piece| !piece.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}
