//! Reused vectors, emptied and made room in without copying what they held.
//!
//! Growing a vector that was just cleared (`clear` then `reserve` or `resize`) reallocates it,
//! and a reallocation copies the whole old buffer, though none of it is wanted any more. These
//! helpers drop a buffer that is too small and allocate a fresh one instead.

/// Empties `buffer` and makes room in it for at least `room` items.
#[inline]
pub(crate) fn clear_with_room<T>(buffer: &mut Vec<T>, room: usize) {
    if buffer.capacity() < room {
        // A fresh buffer: `reserve` on the cleared one would copy its old contents.
        *buffer = Vec::with_capacity(room);
    } else {
        buffer.clear();
    }
}

/// Makes `buffer` `length` copies of `value`, whatever it held (as `clear` then `resize`).
#[inline]
pub(crate) fn filled<T: Clone>(buffer: &mut Vec<T>, length: usize, value: T) {
    clear_with_room(buffer, length);
    buffer.resize(length, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_emptied_with_room_or_filled() {
        let mut buffer = vec![1, 2, 3];
        clear_with_room(&mut buffer, 2);
        assert!(buffer.is_empty() && buffer.capacity() >= 3);
        clear_with_room(&mut buffer, 100);
        assert!(buffer.is_empty() && buffer.capacity() >= 100);
        buffer.push(7);
        filled(&mut buffer, 5, 0);
        assert_eq!(buffer, [0; 5]);
        filled(&mut buffer, 500, 9);
        assert_eq!(buffer.len(), 500);
        assert!(buffer.iter().all(|&item| item == 9));
    }
}
