//! `dehcp analyse`: ingest a bundle and run the evidence engine over it.
//!
//! Each file is read and ingested as `dehcp ingest` does; a rejected file is reported on one
//! line (`error: FILE: why`), the others are still analysed, and the exit status is 2 at the
//! end. With `--names`, personal data is masked (one masker for the bundle) before the engine
//! sees any text, so every quote printed is masked too. `--dictionary` swaps in a council's own
//! reference dictionary; an invalid one stops the command with a one-line error (exit 2).
//!
//! `--json` prints the analysis flattened into the field names (`documents`,
//! `findings`, `provisions`, `summary`, `assessment`), each quote with its file name, document
//! index, page and character span. Without it, a plain-text report.
//!
//! No rules live here: everything is `dehcp_nlp::analysis`.

use std::collections::BTreeMap;
use std::path::Path;

use dehcp_domain::date::parse_iso_date;
use dehcp_model::Profile;
use dehcp_nlp::analysis::{
    Analysis, Engine, Finding, ItemSuggestion, Provision, Quote, SummarySection,
};
use dehcp_nlp::context::ContextRules;
use dehcp_nlp::dictionary::Dictionary;
use dehcp_nlp::provision::ProvisionRules;
use serde::Serialize;

use crate::cli::AnalyseArgs;
use crate::commands::ingest::io_message;
use crate::exit::Failure;

#[derive(Serialize)]
struct AnalysisJson<'a> {
    documents: Vec<DocumentJson>,
    rejected: Vec<RejectedJson>,
    findings: Vec<FindingJson<'a>>,
    provisions: Vec<ProvisionJson<'a>>,
    summary: SummaryJson<'a>,
    assessment: Vec<ItemJson<'a>>,
    /// `dehcp classify --json` for the pre-filled assessment (no score is missing evidence;
    /// the age band is not known from the reports), with the built-in model.
    classification: serde_json::Value,
}

#[derive(Serialize)]
struct RejectedJson {
    file: String,
    error: String,
}

#[derive(Serialize)]
struct DocumentJson {
    index: usize,
    file: String,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<usize>,
    kind: &'static str,
    date: Option<String>,
    age_months: Option<u32>,
}

/// A quote with its place, the document named by file.
#[derive(Serialize)]
struct QuoteJson<'a> {
    quote: &'a str,
    document: &'a str,
    document_index: usize,
    page: u32,
    start: usize,
    end: usize,
}

/// A provision part: its text and span (same document and page as its statement).
#[derive(Serialize)]
struct PartJson<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    concept: &'a str,
    label: &'a str,
    kind: &'static str,
    sen2: &'a [&'static str],
    area: Option<&'static str>,
    metrics: BTreeMap<&'static str, f32>,
    polarity: &'static str,
    trigger: Option<&'a str>,
    text: &'a str,
    start: usize,
    end: usize,
    quote: &'a str,
    quote_start: usize,
    quote_end: usize,
    document: &'a str,
    document_index: usize,
    page: u32,
    confidence: f32,
}

#[derive(Serialize)]
struct MorePartJson<'a> {
    kind: &'static str,
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct ProvisionJson<'a> {
    text: &'a str,
    what: Option<PartJson<'a>>,
    who: Option<PartJson<'a>>,
    frequency: Option<PartJson<'a>>,
    duration: Option<PartJson<'a>>,
    group: Option<PartJson<'a>>,
    programme_length: Option<PartJson<'a>>,
    vague: Vec<PartJson<'a>>,
    /// Further parts of a kind above (a second intervention or frequency), in order.
    more: Vec<MorePartJson<'a>>,
    specific: bool,
    document: &'a str,
    document_index: usize,
    page: u32,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    documents: Vec<DocumentSummaryJson<'a>>,
    bundle: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct DocumentSummaryJson<'a> {
    document: &'a str,
    document_index: usize,
    sections: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    id: &'a str,
    heading: &'a str,
    sentences: Vec<QuoteJson<'a>>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    metric: &'static str,
    number: u8,
    score: Option<u8>,
    rationale: &'a str,
    evidence: Vec<QuoteJson<'a>>,
    contradicting: Vec<QuoteJson<'a>>,
}

/// Builds the JSON view: quotes name their document by the file name shown to the user.
struct View<'a> {
    analysis: &'a Analysis,
    files: &'a [String],
}

impl<'a> View<'a> {
    fn file(&self, index: usize) -> &'a str {
        self.files.get(index).map_or("", String::as_str)
    }

    fn quote(&self, quote: &'a Quote) -> QuoteJson<'a> {
        QuoteJson {
            quote: &quote.text,
            document: self.file(quote.document),
            document_index: quote.document,
            page: quote.page,
            start: quote.start,
            end: quote.end,
        }
    }

    fn finding(&self, finding: &'a Finding) -> FindingJson<'a> {
        FindingJson {
            concept: &finding.concept,
            label: &finding.label,
            kind: finding.kind,
            sen2: &finding.sen2,
            area: finding.area,
            metrics: finding
                .metrics
                .iter()
                .map(|metric| (metric.metric, metric.weight))
                .collect(),
            polarity: finding.polarity.id(),
            trigger: finding.trigger.as_deref(),
            text: &finding.mention.text,
            start: finding.mention.start,
            end: finding.mention.end,
            quote: &finding.quote.text,
            quote_start: finding.quote.start,
            quote_end: finding.quote.end,
            document: self.file(finding.quote.document),
            document_index: finding.quote.document,
            page: finding.mention.page,
            confidence: finding.confidence,
        }
    }

    fn provision(&self, provision: &'a Provision) -> ProvisionJson<'a> {
        let part = |quote: &'a Option<Quote>| {
            quote.as_ref().map(|quote| PartJson {
                text: &quote.text,
                start: quote.start,
                end: quote.end,
            })
        };
        ProvisionJson {
            text: &provision.statement.text,
            what: part(&provision.what),
            who: part(&provision.who),
            frequency: part(&provision.frequency),
            duration: part(&provision.duration),
            group: part(&provision.group),
            programme_length: part(&provision.programme_length),
            vague: provision
                .vague
                .iter()
                .map(|quote| PartJson {
                    text: &quote.text,
                    start: quote.start,
                    end: quote.end,
                })
                .collect(),
            more: provision
                .more
                .iter()
                .map(|(kind, quote)| MorePartJson {
                    kind: kind.id(),
                    text: &quote.text,
                    start: quote.start,
                    end: quote.end,
                })
                .collect(),
            specific: provision.specific,
            document: self.file(provision.statement.document),
            document_index: provision.statement.document,
            page: provision.statement.page,
            start: provision.statement.start,
            end: provision.statement.end,
        }
    }

    fn section(&self, section: &'a SummarySection) -> SectionJson<'a> {
        SectionJson {
            id: &section.id,
            heading: &section.heading,
            sentences: section.sentences.iter().map(|q| self.quote(q)).collect(),
        }
    }

    fn item(&self, item: &'a ItemSuggestion, number: u8) -> ItemJson<'a> {
        ItemJson {
            metric: item.metric,
            number,
            score: item.score,
            rationale: &item.rationale,
            evidence: item.evidence.iter().map(|q| self.quote(q)).collect(),
            contradicting: item.contradicting.iter().map(|q| self.quote(q)).collect(),
        }
    }

    fn json(
        &self,
        documents: Vec<DocumentJson>,
        rejected: Vec<RejectedJson>,
        classification: serde_json::Value,
    ) -> AnalysisJson<'a> {
        let analysis = self.analysis;
        AnalysisJson {
            documents,
            rejected,
            findings: analysis.findings.iter().map(|f| self.finding(f)).collect(),
            provisions: analysis
                .provisions
                .iter()
                .map(|p| self.provision(p))
                .collect(),
            summary: SummaryJson {
                documents: analysis
                    .summary
                    .documents
                    .iter()
                    .map(|summary| DocumentSummaryJson {
                        document: self.file(summary.document),
                        document_index: summary.document,
                        sections: summary.sections.iter().map(|s| self.section(s)).collect(),
                    })
                    .collect(),
                bundle: analysis
                    .summary
                    .bundle
                    .iter()
                    .map(|s| self.section(s))
                    .collect(),
            },
            assessment: analysis
                .assessment
                .iter()
                .zip(1_u8..)
                .map(|(item, number)| self.item(item, number))
                .collect(),
            classification,
        }
    }
}

/// The pre-filled assessment as a model profile: an item with no suggested score is missing
/// (no evidence, never 0); the age band is given when known. An item the model could not read
/// is left out (missing) rather than failing the analysis.
pub(crate) fn assessment_profile(
    analysis: &Analysis,
    band: Option<dehcp_domain::AgeBand>,
) -> Result<Profile, Failure> {
    let usable = analysis.assessment.iter().filter_map(|item| {
        let pair = (item.metric, i64::from(item.score?));
        Profile::from_pairs([pair], None).is_ok().then_some(pair)
    });
    Profile::from_pairs(usable, band).map_err(Failure::internal)
}

/// The engine: built in, or with a council's dictionary.
fn engine(dictionary: Option<&Path>) -> Result<Engine, Failure> {
    let Some(path) = dictionary else {
        return Engine::builtin().map_err(Failure::internal);
    };
    let shown = path.display();
    let text = std::fs::read(path)
        .map_err(|error| Failure::usage(format!("--dictionary {shown}: {}", io_message(&error))))?;
    let text = String::from_utf8(text)
        .map_err(|_| Failure::usage(format!("--dictionary {shown}: not UTF-8 text")))?;
    let dictionary = Dictionary::from_toml_str(&text)
        .map_err(|error| Failure::usage(format!("--dictionary {shown}: {error}")))?;
    let context = ContextRules::builtin().map_err(Failure::internal)?;
    Ok(Engine::new(dictionary, context, ProvisionRules::builtin()))
}

/// Runs the command.
pub(crate) fn run(args: &AnalyseArgs) -> Result<(), Failure> {
    let as_of = match &args.as_of {
        Some(text) => parse_iso_date(text).map_err(|e| Failure::usage(format!("--as-of: {e}")))?,
        None => super::today(),
    };
    let engine = engine(args.dictionary.as_deref())?;
    let bundle = super::bundle::load(
        &args.files,
        args.names.as_deref(),
        as_of,
        args.max_size_mb,
        &engine,
    )?;
    let analysis = bundle.analysis;
    let files = bundle.files;
    // Only the kind and date are shown, never the author, so nothing personal leaks.
    let described: Vec<DocumentJson> = analysis
        .documents
        .iter()
        .zip(&bundle.metadata)
        .zip(&files)
        .map(|((document, metadata), file)| DocumentJson {
            index: document.index,
            file: file.clone(),
            id: document.id.clone(),
            parent: document.parent,
            kind: metadata.kind.value.id(),
            date: metadata
                .report_date
                .as_ref()
                .map(|guess| guess.value.to_string()),
            age_months: metadata.age_in_months,
        })
        .collect();
    let rejected: Vec<RejectedJson> = bundle
        .rejected
        .into_iter()
        .map(|rejected| RejectedJson {
            file: rejected.file,
            error: rejected.error,
        })
        .collect();

    let view = View {
        analysis: &analysis,
        files: &files,
    };
    let any_rejected = !rejected.is_empty();
    if args.json {
        let classification =
            super::classify::classification_json(&assessment_profile(&analysis, None)?)?;
        let json = serde_json::to_string_pretty(&view.json(described, rejected, classification))
            .map_err(Failure::internal)?;
        outln!("{json}");
    } else {
        report(&view, &described);
    }
    if any_rejected {
        Err(Failure::Silent(2))
    } else {
        Ok(())
    }
}

/// The plain-text report.
fn report(view: &View<'_>, documents: &[DocumentJson]) {
    let analysis = view.analysis;
    outln!("Documents");
    for document in documents {
        let attached = document
            .parent
            .map(|parent| format!(" · attached to [{parent}]"))
            .unwrap_or_default();
        outln!(
            "  [{}] {} · {} · dated {}{attached}",
            document.index,
            document.file,
            document.kind,
            document.date.as_deref().unwrap_or("unknown")
        );
    }

    outln!();
    outln!(
        "Findings ({} mentions; each line is one concept in one context)",
        analysis.findings.len()
    );
    let needs = |finding: &&Finding| matches!(finding.kind, "diagnosis" | "difficulty");
    let strengths = |finding: &&Finding| finding.kind == "strength";
    let others =
        |finding: &&Finding| !matches!(finding.kind, "diagnosis" | "difficulty" | "strength");
    print_findings(
        view,
        "Needs",
        analysis.findings.iter().filter(needs).collect(),
    );
    print_findings(
        view,
        "Strengths",
        analysis.findings.iter().filter(strengths).collect(),
    );
    print_findings(
        view,
        "Professionals, services and interventions mentioned",
        analysis.findings.iter().filter(others).collect(),
    );

    outln!();
    outln!("Provision ({})", analysis.provisions.len());
    for provision in &analysis.provisions {
        let statement = &provision.statement;
        outln!(
            "  - \"{}\" · {} p.{} · {}",
            one_line(&statement.text),
            view.file(statement.document),
            statement.page,
            if provision.specific {
                "specific"
            } else {
                "needs specifics"
            }
        );
        for (name, part) in [
            ("what", &provision.what),
            ("who", &provision.who),
            ("group", &provision.group),
            ("frequency", &provision.frequency),
            ("duration", &provision.duration),
            ("programme length", &provision.programme_length),
        ] {
            match part {
                Some(part) => outln!("      {name}: {}", part.text),
                None => outln!("      {name}: (not stated)"),
            }
        }
        for (kind, part) in &provision.more {
            outln!("      also {}: {}", kind.id(), part.text);
        }
        if !provision.vague.is_empty() {
            let vague: Vec<String> = provision
                .vague
                .iter()
                .map(|part| format!("\"{}\"", part.text))
                .collect();
            outln!("      non-specific wording: {}", vague.join(", "));
        }
    }

    outln!();
    outln!("Summary of the bundle");
    print_sections(view, &analysis.summary.bundle);
    for summary in &analysis.summary.documents {
        outln!();
        outln!("Summary of {}", view.file(summary.document));
        print_sections(view, &summary.sections);
    }

    outln!();
    outln!("Needs assessment (suggested; a person decides)");
    for (item, number) in analysis.assessment.iter().zip(1_u8..) {
        let score = item
            .score
            .map_or_else(|| "no evidence".to_owned(), |score| score.to_string());
        outln!(
            "  {number:>2}. {}: {score} · {}",
            item.metric,
            item.rationale
        );
        for quote in &item.evidence {
            outln!(
                "        + \"{}\" · {} p.{}",
                quote.text,
                view.file(quote.document),
                quote.page
            );
        }
        for quote in &item.contradicting {
            outln!(
                "        - \"{}\" · {} p.{}",
                quote.text,
                view.file(quote.document),
                quote.page
            );
        }
    }
}

/// Prints findings grouped by polarity, then broad area, one line per concept with how often and
/// where it is first mentioned.
fn print_findings(view: &View<'_>, title: &str, findings: Vec<&Finding>) {
    if findings.is_empty() {
        return;
    }
    outln!("  {title}");
    for polarity in dehcp_nlp::context::Polarity::BY_PRIORITY.iter().rev() {
        // (area order, area, label) → the findings, in text order.
        let mut groups: BTreeMap<(usize, &str, &str), Vec<&Finding>> = BTreeMap::new();
        for finding in findings
            .iter()
            .filter(|finding| finding.polarity == *polarity)
        {
            let order = dehcp_domain::BroadArea::ALL
                .iter()
                .position(|area| Some(area.id()) == finding.area)
                .unwrap_or(usize::MAX);
            let area = finding.area.unwrap_or("no broad area");
            groups
                .entry((order, area, finding.label.as_str()))
                .or_default()
                .push(finding);
        }
        if groups.is_empty() {
            continue;
        }
        outln!("    {}", polarity.id().replace('_', " "));
        let mut shown_area = None;
        for ((_, area, label), group) in groups {
            if shown_area != Some(area) {
                outln!("      {}", area.replace('_', " "));
                shown_area = Some(area);
            }
            let first = group[0];
            let documents: std::collections::BTreeSet<usize> =
                group.iter().map(|finding| finding.quote.document).collect();
            let trigger = first
                .trigger
                .as_deref()
                .map(|trigger| format!(" [{trigger}]"))
                .unwrap_or_default();
            let times = match group.len() {
                1 => String::new(),
                count => format!(" ×{count} in {} document(s)", documents.len()),
            };
            outln!(
                "        {label}{times}: \"{}\"{trigger} · {} p.{}",
                first.mention.text,
                view.file(first.quote.document),
                first.mention.page,
            );
        }
    }
}

fn print_sections(view: &View<'_>, sections: &[SummarySection]) {
    if sections.is_empty() {
        outln!("  (nothing to summarise)");
    }
    for section in sections {
        outln!("  {}", section.heading);
        for quote in &section.sentences {
            outln!(
                "    \"{}\" · {} p.{}",
                quote.text,
                view.file(quote.document),
                quote.page
            );
        }
    }
}

/// A statement on one line of the report: the cells of a table row (blocks apart) joined by
/// " | ", and the line breaks inside a paragraph read as spaces. The JSON keeps the text
/// verbatim.
fn one_line(text: &str) -> String {
    text.split("\n\n")
        .map(|piece| piece.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|piece| !piece.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}
