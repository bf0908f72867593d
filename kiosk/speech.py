"""What the announcement says: the phrase's Thai words and espeak-ng's phonemes for them.

espeak-ng's Thai voice cannot read Thai script: given ``หมายเลข`` it says "ha-ma-sa-ye-la-kh"
(``espeak-ng -v th --ipa`` prints ``hˌa2ma2sjˈe2la5kh``; leading vowels are not moved, silent
letters are read, tone marks are dropped). So each word of a small lexicon is written in
espeak-ng's phoneme notation (``m'a:1j l'e:5k``; tones 1 rising, 2 low, 3 mid, 4 high,
5 falling), and a phrase may only use the lexicon's words. No I/O here: the configuration
checks a phrase with it at start-up.
"""

from __future__ import annotations

PLAYERS = ("auto", "aplay", "paplay", "none")

# Thai word → espeak-ng phonemes of the Thai voice. Syllables are counted by their tone digits.
LEXICON: dict[str, str] = {
    "หมายเลข": "m'a:1j l'e:5k",
    "คิว": "kh'i3w",
    "ขอ": "kh'O:1",
    "เชิญ": "ch'@:3n",
    "ที่": "th'i:5",
    "ช่อง": "ch'O:5N",
    "บริการ": "bO:3ri4k'a:3n",
    "โต๊ะ": "t'o4?",
    "เจ้าหน้าที่": "c'a5w n'a:5 th'i:5",
    "ค่ะ": "kh'a5",
    "ครับ": "khr'a4p",
    # the letters of the lanes
    "เอ": "?'e:3",
    "พี": "ph'i:3",
    # digits and numbers
    "ศูนย์": "s'u:1n",
    "หนึ่ง": "n'W2N",
    "สอง": "s'O:1N",
    "สาม": "s'a:1m",
    "สี่": "s'i:2",
    "ห้า": "h'a:5",
    "หก": "h'o2k",
    "เจ็ด": "c'e2t",
    "แปด": "p'E:2t",
    "เก้า": "k'a5w",
    "สิบ": "s'i2p",
    "ยี่": "j'i:5",
    "เอ็ด": "?'e2t",
    "ร้อย": "r'O:4j",
}
LETTERS = {"A": "เอ", "P": "พี"}
DIGITS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
PLACEHOLDERS = ("{ticket}", "{desk}")


def _segment(token: str) -> list[str]:
    """A run of Thai without spaces as lexicon words (longest match first); ValueError for the rest."""
    words: list[str] = []
    at = 0
    keys = sorted(LEXICON, key=len, reverse=True)
    while at < len(token):
        word = next((k for k in keys if token.startswith(k, at)), None)
        if word is None:
            raise ValueError(
                f"cannot say {token[at:]!r}: the phrase may use {{ticket}}, {{desk}} and these words: "
                + " ".join(sorted(LEXICON))
            )
        words.append(word)
        at += len(word)
    return words


def check_phrase(template: str) -> None:
    """ValueError unless every word of ``template`` can be spoken and it names the ticket."""
    if "{ticket}" not in template:
        raise ValueError("must contain {ticket}")
    for token in template.split():
        if token not in PLACEHOLDERS:
            _segment(token)


def number_words(n: int) -> list[str]:
    """A number as Thai words: 1 หนึ่ง, 11 สิบ เอ็ด, 21 ยี่ สิบ เอ็ด, 105 หนึ่ง ร้อย ห้า (0–999)."""
    if not 0 <= n <= 999:
        raise ValueError(f"desk numbers go from 0 to 999, got {n}")
    if n < 10:
        return [DIGITS[n]]
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [DIGITS[hundreds], "ร้อย"]
    tens, ones = divmod(rest, 10)
    if tens:
        words += (["ยี่"] if tens == 2 else [] if tens == 1 else [DIGITS[tens]]) + ["สิบ"]
    if ones:
        words.append("เอ็ด" if ones == 1 and (tens or hundreds) else DIGITS[ones])
    return words


def ticket_words(ticket: str) -> list[str]:
    """``A001`` → เอ ศูนย์ ศูนย์ หนึ่ง: the letter, then each digit, as the ticket is printed."""
    if not ticket or ticket[0] not in LETTERS or not ticket[1:].isdigit():
        raise ValueError(f"not a ticket number: {ticket!r}")
    return [LETTERS[ticket[0]], *(DIGITS[int(d)] for d in ticket[1:])]


def phrase_words(template: str, *, ticket: str, desk: str) -> list[list[str]]:
    """The phrase as groups of Thai words, one group per word of the template."""
    groups: list[list[str]] = []
    for token in template.split():
        if token == "{ticket}":
            groups.append(ticket_words(ticket))
        elif token == "{desk}":
            if desk:
                groups.append(number_words(int(desk)))
        else:
            groups.append(_segment(token))
    return groups


def phrase_text(template: str, *, ticket: str, desk: str) -> str:
    """What is said, in Thai script: ``หมายเลข เอศูนย์ศูนย์หนึ่ง เชิญที่ช่องบริการ หนึ่ง``."""
    return " ".join("".join(group) for group in phrase_words(template, ticket=ticket, desk=desk))


def engine_input(template: str, *, ticket: str, desk: str) -> str:
    """The text given to espeak-ng: the phrase in its phoneme notation, a short pause between groups."""
    groups = phrase_words(template, ticket=ticket, desk=desk)
    return "[[" + " _ ".join(" ".join(LEXICON[w] for w in group) for group in groups) + "]]"


def syllables(template: str, *, ticket: str, desk: str) -> int:
    groups = phrase_words(template, ticket=ticket, desk=desk)
    return sum(sum(ch.isdigit() for ch in LEXICON[w]) for group in groups for w in group)
