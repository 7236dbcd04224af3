//! `dehcp reference`: the built-in reference data, for professionals and for checking a
//! council's edited copy.

use dehcp_domain::clock::{Anchor, BankHolidays, RuleSet};
use dehcp_domain::{
    AssessmentCatalogue, PlanSection, PlanTemplate, ProvisionCatalogue, Sen2Catalogue,
};

use crate::cli::ReferenceTable;
use crate::exit::Failure;

pub(crate) fn run(table: ReferenceTable) -> Result<(), Failure> {
    let text = match table {
        ReferenceTable::Needs => needs()?,
        ReferenceTable::Assessment => assessment()?,
        ReferenceTable::Provision => provision()?,
        ReferenceTable::Plan => plan()?,
        ReferenceTable::Rules => rules()?,
        ReferenceTable::Events => events(),
        ReferenceTable::Holidays => holidays()?,
    };
    out!("{text}");
    Ok(())
}

fn needs() -> Result<String, Failure> {
    let catalogue = Sen2Catalogue::builtin().map_err(Failure::internal)?;
    let mut out = format!("SEN2 need types (data version {})\n\n", catalogue.version());
    for info in catalogue.needs() {
        let area = catalogue.area(info.area);
        out.push_str(&format!(
            "{:<5} {} — {} (since {})\n      {}\n",
            info.need.code(),
            info.name,
            area.name,
            info.since,
            info.description
        ));
    }
    Ok(out)
}

fn assessment() -> Result<String, Failure> {
    let catalogue = AssessmentCatalogue::builtin().map_err(Failure::internal)?;
    let mut out = format!(
        "The 20-item needs assessment (version {})\n",
        catalogue.version()
    );
    for item in catalogue.items() {
        out.push_str(&format!(
            "\n{:>2}. {} [{}] — {}, section {}\n    {}\n",
            item.metric.number(),
            item.label,
            item.metric.id(),
            item.area,
            item.plan_section.code(),
            item.definition
        ));
        for (level, descriptor) in item.levels.iter().enumerate() {
            out.push_str(&format!("    {level}: {descriptor}\n"));
        }
    }
    Ok(out)
}

fn provision() -> Result<String, Failure> {
    let catalogue = ProvisionCatalogue::builtin().map_err(Failure::internal)?;
    let mut out = format!("Provision elements (version {})\n\n", catalogue.version());
    for info in catalogue.elements() {
        out.push_str(&format!(
            "{:<5} {} (usually section {})\n      {}\n",
            info.element.code(),
            info.name,
            info.usual_section.code(),
            info.description
        ));
    }
    Ok(out)
}

fn plan() -> Result<String, Failure> {
    let template = PlanTemplate::builtin().map_err(Failure::internal)?;
    let mut out = String::from("EHC plan sections\n\n");
    for section in PlanSection::ALL {
        let info = template.section(section);
        out.push_str(&format!(
            "{:<3} {} — {}\n",
            section.code(),
            info.title,
            info.regulation
        ));
    }
    out.push_str("\nTemplate layout (national template order)\n");
    for (heading, block) in template.headed_layout() {
        let label = heading.label.as_deref().unwrap_or("");
        let columns: Vec<&str> = block
            .table_columns()
            .map(|columns| columns.iter().map(|section| section.code()).collect())
            .unwrap_or_default();
        let columns = if columns.is_empty() {
            String::new()
        } else {
            format!(" [{}]", columns.join(" → "))
        };
        out.push_str(&format!("  {label:<3} {}{columns}\n", heading.title));
    }
    Ok(out)
}

fn rules() -> Result<String, Failure> {
    let rules = RuleSet::builtin().map_err(Failure::internal)?;
    let mut out = format!("Deadline rules (version {})\n\n", rules.version());
    for rule in rules.rules() {
        out.push_str(&format!(
            "{}  {:<8} from {:<32} {:?} {:?}\n     {}\n     {} (from {})\n",
            rule.id,
            rule.kind.id(),
            rule.anchor.id(),
            rule.direction,
            rule.offset,
            rule.title,
            rule.regulation,
            rule.effective_from
        ));
    }
    Ok(out)
}

fn events() -> String {
    let mut out = String::from("Events for dehcp timeline --event NAME=YYYY-MM-DD\n\n");
    for anchor in Anchor::ALL {
        out.push_str(&format!("{:<32} {}\n", anchor.id(), anchor.describe()));
    }
    out
}

fn holidays() -> Result<String, Failure> {
    let calendar = BankHolidays::builtin().map_err(Failure::internal)?;
    let mut out = format!(
        "England and Wales bank holidays (version {}, to {}; projected from {})\n\n",
        calendar.version(),
        calendar.last_day(),
        calendar.projected_from()
    );
    for (date, holiday) in calendar.holidays() {
        out.push_str(&format!("{date}  {}\n", holiday.name));
    }
    Ok(out)
}
