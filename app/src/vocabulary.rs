//! Closed sets of values (a service's group, a partner's kind, a staff
//! role...), each value with a slug (in addresses, files, storage and
//! exports) and a label (shown to people), declared once with
//! [`vocabulary!`].

/// Declares an enum whose variants each have a slug and a label, written
/// `Variant => ("slug", "Label")`, and gives it `ALL` (every value, in the
/// order the site lists them), `slug()`, `from_slug()` and `label()`.
macro_rules! vocabulary {
    (
        $(#[$attribute:meta])*
        pub enum $name:ident {
            $( $(#[$variant_attribute:meta])* $variant:ident => ($slug:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$attribute])*
        pub enum $name {
            $( $(#[$variant_attribute])* $variant ),+
        }

        impl $name {
            /// Every value, in the order the site lists them.
            pub const ALL: [$name; [$($slug),+].len()] = [$($name::$variant),+];

            /// The value in addresses, data files, storage and exports.
            pub fn slug(self) -> &'static str {
                match self {
                    $($name::$variant => $slug),+
                }
            }

            /// The value a slug names.
            pub fn from_slug(slug: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|value| value.slug() == slug)
            }

            /// The value as people read it, in sentence case.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }
    };
}

pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    vocabulary! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Light {
            Red => ("red", "Stop"),
            /// Go.
            Green => ("green", "Go"),
        }
    }

    #[test]
    fn slugs_and_labels_follow_the_declaration() {
        assert_eq!(Light::ALL, [Light::Red, Light::Green]);
        assert_eq!(Light::Green.slug(), "green");
        assert_eq!(Light::from_slug("red"), Some(Light::Red));
        assert_eq!(Light::from_slug("Red"), None);
        assert_eq!(Light::Red.label(), "Stop");
    }
}
