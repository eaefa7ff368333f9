//! Numeric conversions the language leaves to `as` (which can lose or wrap
//! values silently): spelled out once, with what happens at the edges.

/// A count or position as a float, for drawing and scoring. Counts here are
/// small; past `u32::MAX` the result stops growing rather than wrapping.
pub fn count_f64(count: usize) -> f64 {
    u32::try_from(count).map_or(f64::from(u32::MAX), f64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_convert_exactly() {
        assert_eq!(count_f64(0), 0.0);
        assert_eq!(count_f64(6), 6.0);
        assert_eq!(count_f64(usize::MAX), f64::from(u32::MAX));
    }
}
