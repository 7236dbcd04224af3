//! Edits, versions, diffs and regeneration that keeps edits. (Being built.)
