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

/// [`be_key16`] of the `len` bytes of `text` from `start` (which must be in it): for a part of
/// at most eight bytes with eight bytes of `text` to read from `start`, one load with the
/// bytes past the part cleared, rather than a byte at a time.
#[inline]
pub(crate) fn be_key16_at(text: &[u8], start: usize, len: usize) -> u128 {
    if (1..=8).contains(&len)
        && let Some(chunk) = text.get(start..).and_then(|rest| rest.first_chunk::<8>())
    {
        let high = u64::from_be_bytes(*chunk) & (u64::MAX << (8 * (8 - len)));
        return u128::from(high) << 64;
    }
    be_key16(text.get(start..start + len).unwrap_or_default())
}

/// High bits of the bytes of eight ASCII bytes, read as a little-endian number, set exactly
/// for those that are ASCII letters or digits. For bytes below 0x80, adding `0x80 - low` sets
/// the high bit exactly from `low` up and adding `0x7f - high` exactly above `high`, with no
/// carry into the next byte. A byte with its high bit set, with nothing carried into it, is no
/// letter or digit either, but its sums may carry into the next byte: for any eight bytes, the
/// lanes are exact up to the first byte that is not an ASCII letter or digit, and that byte's
/// lane is clear (the sums wrap).
#[inline(always)]
pub(crate) fn alphanumeric_lanes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let lower = word | (ONES * 0x20);
    let letters = lower.wrapping_add(ONES * (0x80 - u64::from(b'a')))
        & !lower.wrapping_add(ONES * (0x7f - u64::from(b'z')));
    let digits = word.wrapping_add(ONES * (0x80 - u64::from(b'0')))
        & !word.wrapping_add(ONES * (0x7f - u64::from(b'9')));
    (letters | digits) & HIGH
}

/// The end of the run of ASCII letters and digits in `bytes` from `from` (`from` itself if
/// there is none): [`lane_run_end`] with [`alphanumeric_lanes`]. The same as stepping while
/// `u8::is_ascii_alphanumeric` holds.
#[inline(always)]
pub(crate) fn alphanumeric_end(bytes: &[u8], from: usize) -> usize {
    lane_run_end(bytes, from, alphanumeric_lanes, u8::is_ascii_alphanumeric)
}

/// The end of the run of bytes from `from` that `accepts` holds for (`from` itself if there is
/// none, and the end of `bytes` if `from` is past it): eight bytes at a time, then one by one.
/// `lanes` gets eight bytes as a little-endian number and sets the high bit of each byte
/// `accepts` holds for, exactly up to the first byte it does not hold for, whose lane is clear
/// (past that byte its lanes may be anything), whatever the bytes; unlike [`ascii_run_end`],
/// bytes beyond ASCII do not stop the fast loop.
#[inline(always)]
pub(crate) fn lane_run_end(
    bytes: &[u8],
    from: usize,
    lanes: impl Fn(u64) -> u64,
    accepts: impl Fn(&u8) -> bool,
) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let Some(rest) = bytes.get(from..) else {
        return bytes.len().max(from);
    };
    let mut end = from;
    let mut chunks = rest.chunks_exact(8);
    for chunk in &mut chunks {
        let Some(&eight) = chunk.first_chunk::<8>() else {
            break;
        };
        let others = !lanes(u64::from_le_bytes(eight)) & HIGH;
        if others != 0 {
            return end + (others.trailing_zeros() / 8) as usize;
        }
        end += 8;
    }
    for byte in chunks.remainder() {
        if !accepts(byte) {
            return end;
        }
        end += 1;
    }
    end
}

/// The end of the run of ASCII bytes in `bytes` from `from` (`from` itself if there is none):
/// 32 bytes at a time, then one by one. The same as stepping while `u8::is_ascii` holds.
/// With no lane test to make, four words a step pay where [`ascii_run_end`]'s one does not
/// (the scan's character offsets took about 3% more instructions through it).
#[inline]
pub(crate) fn ascii_end(bytes: &[u8], mut from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(block) = bytes.get(from..).and_then(|rest| rest.first_chunk::<32>()) {
        let (words, _) = block.as_chunks::<8>();
        let high = words
            .iter()
            .fold(0, |high, word| high | u64::from_le_bytes(*word));
        if high & HIGH != 0 {
            break;
        }
        from += 32;
    }
    while bytes.get(from).is_some_and(u8::is_ascii) {
        from += 1;
    }
    from
}

/// The end of the run of bytes from `from` that `lanes` accepts, eight bytes at a time:
/// `lanes` gets a word of eight ASCII bytes and sets the high bit of each byte it accepts. Stops
/// at the first byte it rejects, or at the start of the first word that is not all ASCII or
/// not whole (the caller carries on byte by byte from there).
#[inline(always)]
pub(crate) fn ascii_run_end(bytes: &[u8], from: usize, lanes: impl Fn(u64) -> u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut end = from;
    while let Some(&chunk) = bytes.get(end..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(chunk);
        if word & HIGH != 0 {
            break;
        }
        let others = !lanes(word) & HIGH;
        if others != 0 {
            return end + (others.trailing_zeros() / 8) as usize;
        }
        end += 8;
    }
    end
}

/// The characters as a string: what `chars.iter().collect::<String>()` gives. When all are
/// ASCII (nearly every quote of advice), each is narrowed to its byte in loops the compiler
/// runs many characters at a time, rather than encoded one by one.
pub(crate) fn string_of(chars: &[char]) -> String {
    if chars.iter().fold(0, |all, &c| all | u32::from(c)) < 0x80 {
        let bytes: Vec<u8> = chars.iter().map(|&c| (u32::from(c) & 0x7f) as u8).collect();
        // ASCII bytes are UTF-8, so this never falls back.
        return String::from_utf8(bytes).unwrap_or_else(|_| chars.iter().collect());
    }
    chars.iter().collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn alphanumeric_end_steps_as_far_as_byte_by_byte(
            bytes in proptest::collection::vec(
                prop_oneof![4 => b'a'..=b'z', 1 => b'A'..=b'Z', 1 => b'0'..=b'9', 1 => any::<u8>()],
                0..40,
            ),
            from in 0_usize..40,
        ) {
            let mut expected = from;
            while bytes.get(expected).is_some_and(u8::is_ascii_alphanumeric) {
                expected += 1;
            }
            prop_assert_eq!(alphanumeric_end(&bytes, from), expected);
        }

        #[test]
        fn ascii_end_steps_as_far_as_byte_by_byte(
            bytes in proptest::collection::vec(
                prop_oneof![8 => 0_u8..0x80, 1 => any::<u8>()],
                0..80,
            ),
            from in 0_usize..80,
        ) {
            let mut expected = from;
            while bytes.get(expected).is_some_and(u8::is_ascii) {
                expected += 1;
            }
            prop_assert_eq!(ascii_end(&bytes, from), expected);
        }

        #[test]
        fn string_of_is_the_characters_collected(
            chars in proptest::collection::vec(
                prop_oneof![8 => (0_u32..0x80).prop_map(|c| char::from_u32(c).unwrap_or('a')), 1 => any::<char>()],
                0..60,
            ),
        ) {
            prop_assert_eq!(string_of(&chars), chars.iter().collect::<String>());
        }

        #[test]
        fn keys_read_in_place_are_the_keys_of_the_parts(
            bytes in proptest::collection::vec(any::<u8>(), 0..40),
            start in 0_usize..40,
            len in 0_usize..20,
        ) {
            let start = start.min(bytes.len());
            let len = len.min(bytes.len() - start);
            prop_assert_eq!(
                be_key16_at(&bytes, start, len),
                be_key16(&bytes[start..start + len])
            );
        }
    }
}
