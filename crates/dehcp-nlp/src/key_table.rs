//! An open-addressed table from integer keys to numbers, shared by the context rules' word
//! look-ups ([`crate::context`]) and the provision rules' lexicon ([`crate::provision`]).
//!
//! Probed slot by slot from the slot of a key's hash, kept at most a quarter full, so that most
//! look-ups read one slot. A key type names its free key ([`TableKey::FREE`]), which no real
//! key equals: it marks an empty slot, is never stored, and is never found.

/// The number a table gives a key it does not hold.
pub(crate) const ABSENT: u32 = u32::MAX;

/// A key of a [`KeyTable`].
pub(crate) trait TableKey: Copy + Eq {
    /// The key of an empty slot; no real key equals it.
    const FREE: Self;
    /// The key folded into 64 bits, for its hash.
    fn fold(self) -> u64;
}

impl TableKey for u64 {
    const FREE: Self = 0;
    #[inline]
    fn fold(self) -> u64 {
        self
    }
}

impl TableKey for (u64, u64) {
    const FREE: Self = (0, 0);
    #[inline]
    fn fold(self) -> u64 {
        self.0.wrapping_mul(MULTIPLIER) ^ self.1
    }
}

impl TableKey for u128 {
    const FREE: Self = 0;
    #[inline]
    fn fold(self) -> u64 {
        ((self >> 64) as u64) ^ (self as u64)
    }
}

/// An odd number near 2^64 / phi: each bit of a product reaches every higher bit.
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// Keys to numbers. Tables are equal when they hold the same keys with the same numbers,
/// whatever order they were put in.
#[derive(Debug, Clone)]
pub(crate) struct KeyTable<K> {
    /// (key, number) of each slot; the length is a power of two (or 0 while the table is
    /// empty).
    slots: Vec<(K, u32)>,
    /// The number of keys.
    len: usize,
    /// How far a hash is shifted right to give a slot: 64 less the bits of a slot index.
    shift: u32,
}

impl<K> Default for KeyTable<K> {
    fn default() -> Self {
        KeyTable {
            slots: Vec::new(),
            len: 0,
            shift: 0,
        }
    }
}

impl<K: TableKey> KeyTable<K> {
    /// An empty table with room for `keys` keys.
    pub(crate) fn with_capacity(keys: usize) -> Self {
        let mut table = KeyTable::default();
        table.resize(keys);
        table
    }

    /// Whether the table has no slots (nothing was ever put in it).
    pub(crate) fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The slot a key's probe starts at: the top bits of its multiplied fold.
    #[inline]
    fn home(&self, key: K) -> usize {
        (key.fold().wrapping_mul(MULTIPLIER) >> self.shift) as usize
    }

    /// The number of `key`, or [`ABSENT`].
    #[inline]
    pub(crate) fn get(&self, key: K) -> u32 {
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = self.home(key);
        // The table is never full, so an empty slot ends every probe.
        while let Some(&(found, id)) = self.slots.get(at) {
            if found == key {
                return id;
            }
            if found == K::FREE {
                break;
            }
            at = (at + 1) & mask;
        }
        ABSENT
    }

    /// Makes room for `keys` keys: the slots at least four times as many (and at least 64),
    /// the keys put back.
    fn resize(&mut self, keys: usize) {
        let size = keys.saturating_mul(4).next_power_of_two().max(64);
        if size <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![(K::FREE, ABSENT); size]);
        self.shift = 64 - size.trailing_zeros();
        self.len = 0;
        for (key, id) in old.into_iter().filter(|&(key, _)| key != K::FREE) {
            self.insert(key, id);
        }
    }

    /// Gives `key` (not yet in the table) the number `id`; the free key is left out.
    pub(crate) fn insert(&mut self, key: K, id: u32) {
        if key == K::FREE {
            return;
        }
        if (self.len + 1) * 4 > self.slots.len() {
            self.resize((self.len + 1).max(self.slots.len() / 2));
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        while let Some(slot) = self.slots.get_mut(at) {
            if slot.0 == K::FREE {
                *slot = (key, id);
                self.len += 1;
                return;
            }
            at = (at + 1) & mask;
        }
    }
}

impl<K: TableKey> PartialEq for KeyTable<K> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && self
                .slots
                .iter()
                .all(|&(key, id)| key == K::FREE || other.get(key) == id)
    }
}

impl<K: TableKey> Eq for KeyTable<K> {}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn check<K: TableKey + std::fmt::Debug>(keys: &[K], probes: &[K]) -> Result<(), TestCaseError> {
        let mut table = KeyTable::default();
        for (id, &key) in keys.iter().enumerate() {
            table.insert(key, id as u32);
        }
        for (id, &key) in keys.iter().enumerate() {
            // The free key is left out.
            let expected = if key == K::FREE { ABSENT } else { id as u32 };
            prop_assert_eq!(table.get(key), expected);
        }
        for probe in probes.iter().filter(|probe| !keys.contains(probe)) {
            prop_assert_eq!(table.get(*probe), ABSENT);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn a_key_table_finds_the_number_of_each_key_it_was_given(
            keys in proptest::collection::hash_set(
                prop_oneof![any::<u128>(), 0_u128..4096, Just(0_u128)],
                0..400,
            ),
            probes in proptest::collection::vec(any::<u128>(), 0..40),
        ) {
            let keys: Vec<u128> = keys.into_iter().collect();
            check(&keys, &probes)?;
            let small: Vec<u64> = keys.iter().map(|&key| key as u64).collect::<std::collections::HashSet<_>>().into_iter().collect();
            let probes_small: Vec<u64> = probes.iter().map(|&key| key as u64).collect();
            check(&small, &probes_small)?;
            let pairs: Vec<(u64, u64)> = keys.iter().map(|&key| ((key >> 64) as u64, key as u64)).collect();
            let probes_pairs: Vec<(u64, u64)> = probes.iter().map(|&key| ((key >> 64) as u64, key as u64)).collect();
            check(&pairs, &probes_pairs)?;
        }
    }
}
