//! The outcomes library: outcome templates keyed by need and phase. (Being built.)
