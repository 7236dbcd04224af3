//! Small byte-packing helpers shared by the tokenisers and hashers of this crate: words read
//! eight bytes at a time, and short words packed into one number for exact lookups.
//!
//! Pure functions on byte slices; no allocation.

/// Calls `each` with `bytes` read as little-endian 64-bit words, the last one zero-padded (none
/// for empty input): the word loop the crate's fast hashers share.
#[inline]
pub(crate) fn for_each_word64(bytes: &[u8], mut each: impl FnMut(u64)) {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0_u8; 8];
        word.copy_from_slice(chunk);
        each(u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The tail as a little-endian word, zero-padded (built without a copy call).
        each(
            rest.iter()
                .rev()
                .fold(0_u64, |word, &byte| (word << 8) | u64::from(byte)),
        );
    }
}

/// The first 16 bytes of `bytes`, big-endian and padded on the right with zero bytes, as one
/// number (bytes past the sixteenth are left out). For words without zero bytes, keys compare
/// as the words do; a whole half is read at once when there is one.
#[inline]
pub(crate) fn be_key16(bytes: &[u8]) -> u128 {
    // A part of at most eight bytes, big-endian, padded on the right with zero bytes.
    let padded = |part: &[u8]| {
        part.iter()
            .fold(0_u64, |value, &byte| (value << 8) | u64::from(byte))
            .checked_shl(8 * (8 - part.len()) as u32)
            .unwrap_or(0)
    };
    let (high, low) = match bytes.split_first_chunk::<8>() {
        Some((head, tail)) => (
            u64::from_be_bytes(*head),
            match tail.first_chunk::<8>() {
                Some(whole) => u64::from_be_bytes(*whole),
                None => padded(tail),
            },
        ),
        None => (padded(bytes), 0),
    };
    (u128::from(high) << 64) | u128::from(low)
}
