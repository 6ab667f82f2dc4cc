"""Whether the risk model's score can be trusted for a text: English in Latin script.

The model learned from English posts. On text mostly in another script
(Cyrillic, Arabic, Devanagari...) or plainly in another language, its score
means little, so the screener says so and falls back to the rules and a
listener's check-in. Short texts and emoji-only lines are trusted: there is
too little to tell, and the rules still run on them.
"""

from __future__ import annotations

import re

_FEWEST_LETTERS = 12  # below this, the script share says too little
_LATIN_SHARE = 0.7
_FEWEST_WORDS = 6
_FOREIGN_WORDS_NEEDED = 3
_WORD = re.compile(r"[a-zà-öø-ÿ]+")

# Common English words that no other language below writes the same way.
_ENGLISH = frozenset(
    "the and you that this with have for not are but what was they just my me it is i to of in "
    "on be so all can if about like would there their out when your one will do get know feel "
    "been really now im dont its because how want think anyone any him her she he we our them "
    "from at or an going cant today day up time people still even much never back".split()
)
# Function words of Spanish, French, German, Portuguese, Italian and Dutch
# that are not also English words ("die", "was", "son", "me" are left out).
_FOREIGN = frozenset(
    "que los las por para una pero como más muy porque también estoy tengo nada siempre cuando "
    "donde esto eso ella ellos nosotros yo mi mis tu sus del al le les des est une pas avec pour "
    "mais dans je tu nous vous ils elle suis très aussi toujours rien quand sont ist und nicht "
    "ich bin mit auch sich der das ein eine aber wenn oder noch mein immer schon nur nichts "
    "não uma com mas você muito também sempre quando ele ela eu sou estou che non sono della "
    "perché anche sempre niente quando ho mio het een niet ik ben dat maar ook nog altijd".split()
)


def untrusted_reason(text: str) -> str | None:
    """Why the model's score should not be trusted for this text, or None."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _FEWEST_LETTERS:
        return None
    latin = sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff")
    if latin < _LATIN_SHARE * len(letters):
        return "the text is mostly in a script other than Latin"
    words = _WORD.findall(text.lower())
    if len(words) < _FEWEST_WORDS:
        return None
    foreign = sum(w in _FOREIGN for w in words)
    english = sum(w in _ENGLISH for w in words)
    if foreign >= _FOREIGN_WORDS_NEEDED and foreign > english:
        return "the text is mostly in a language other than English"
    return None
