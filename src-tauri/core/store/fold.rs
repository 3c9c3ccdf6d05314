//! Folding text for sorting and searching, so "Søren", "Soeren" and "soren" sort and match alike.
//!
//! SQLite's FTS tokenizer (`unicode61 remove_diacritics 2`) strips combining accents but keeps letters that
//! are not decomposable (ø, æ, ß, ł, ...), and SQLite's lower() only knows ASCII. So the folding happens
//! here, the same way for indexing and for querying.

/// Lower-cases, removes accents and spells out special letters in their plain form (ø -> o, ß -> ss).
/// Used for sort keys and for every search query.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match plain(c) {
            Some(p) => out.push_str(p),
            None => out.push(c),
        }
    }
    out
}

/// The German and Scandinavian transliteration of a word (ü -> ue, ø -> oe, å -> aa), or `None` when it
/// reads the same as the plain fold. Indexed next to the plain form so "Jürgen", "Juergen" and "Jurgen"
/// all find the same person, while a query only ever needs the plain fold.
pub fn transliterate(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 4);
    let mut changed = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let t = match c {
            'ä' | 'æ' => "ae",
            'ö' | 'ø' | 'œ' => "oe",
            'ü' => "ue",
            'å' => "aa",
            _ => {
                match plain(c) {
                    Some(p) => out.push_str(p),
                    None => out.push(c),
                }
                continue;
            }
        };
        changed |= c != 'æ' && c != 'œ';
        out.push_str(t);
    }
    changed.then_some(out)
}

fn plain(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_special_letters_and_accents() {
        assert_eq!(fold("Søren Ærø"), "soren aero");
        assert_eq!(fold("Jürgen Straße"), "jurgen strasse");
        assert_eq!(fold("Ĳsselmeer Łódź"), "ijsselmeer lodz");
        assert_eq!(fold("plain ASCII"), "plain ascii");
    }

    #[test]
    fn transliterates_only_when_it_differs() {
        assert_eq!(transliterate("Jürgen").as_deref(), Some("juergen"));
        assert_eq!(transliterate("Søren").as_deref(), Some("soeren"));
        assert_eq!(transliterate("Århus").as_deref(), Some("aarhus"));
        assert_eq!(transliterate("Straße"), None);
        assert_eq!(transliterate("Ærø").as_deref(), Some("aeroe"));
        assert_eq!(transliterate("Anna"), None);
    }
}
