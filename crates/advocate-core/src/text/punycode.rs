//! Punycode (RFC 3492) encoding, for the length limits of internationalized
//! host names: X refuses a URL whose host label is over 63 ASCII characters
//! once encoded.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;

/// The ACE form of one label: itself when ASCII, else `xn--` + Punycode.
pub fn to_ascii_label(label: &str) -> String {
    if label.is_ascii() {
        return label.to_ascii_lowercase();
    }
    let lowered: String = label.chars().flat_map(char::to_lowercase).collect();
    format!("xn--{}", encode(&lowered))
}

pub fn encode(input: &str) -> String {
    let chars: Vec<u32> = input.chars().map(|c| c as u32).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias) = (0x80u32, 0u32, 72u32);
    while (handled as usize) < chars.len() {
        let m = chars.iter().copied().filter(|&c| c >= n).min().unwrap_or(n);
        delta = delta.saturating_add((m - n).saturating_mul(handled + 1));
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.saturating_add(1);
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    output
}

fn digit(d: u32) -> char {
    match d {
        0..=25 => (b'a' + d as u8) as char,
        _ => (b'0' + (d - 26) as u8) as char,
    }
}

fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
    delta /= if first { DAMP } else { 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_rfc_examples() {
        let cases = [
            ("bücher", "xn--bcher-kva"),
            ("例え", "xn--r8jz45g"),
            ("香港", "xn--j6w193g"),
            ("한국", "xn--3e0b707e"),
            ("example", "example"),
        ];
        for (label, ace) in cases {
            assert_eq!(to_ascii_label(label), ace);
        }
    }
}
