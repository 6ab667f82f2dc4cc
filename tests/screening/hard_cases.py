"""Hard cases written for these tests (not from the dev set): (text, labels).

Each names the policy point it checks. Labels follow LABEL_POLICY.md v1.
"""

CRISIS = [
    # slang, obfuscation, misspelling
    ("honestly might just k m s tonight", {"crisis"}),
    ("i want to diiiie so bad", {"crisis"}),
    ("been thinking about unaliving myself all week", {"crisis"}),
    ("i wanna k1ll myself", {"crisis"}),
    ("im so tired of living like this", {"crisis"}),
    # negation followed by passive ideation (rule 1 wins)
    ("Not going to do anything, but I honestly wish I could stop existing.", {"crisis"}),
    # warning signs, plans, means
    ("I've started giving my stuff away to friends. I won't be needing it.", {"crisis"}),
    ("This is my last post. Don't blame yourselves.", {"crisis"}),
    ("I've been stockpiling my sleeping pills for a month now.", {"crisis"}),
    ("What's the quickest way to die without it hurting?", {"crisis"}),
    # acute medical, third party
    ("My brother took a whole box of paracetamol and he's being sick.", {"crisis"}),
    ("Quit drinking 2 days ago and now I'm hallucinating and sweating buckets", {"crisis"}),
    ("I keep skipping my insulin so the weight comes off.", {"crisis"}),
    ("my flatmate used and I can't wake him up, his lips look blue", {"crisis"}),
    # threat with means
    ("If my stepdad hits her again I'm going to stab him, the knife is in my room.", {"crisis"}),
]

NOT_CRISIS = [
    # sleeplessness is not a crisis sign on its own
    ("First night in a while I can't sleep.", set()),
    # idioms and other word senses
    ("This spreadsheet is killing me, send coffee", set()),
    ("I'd rather die than sing in public lol", set()),
    ("My phone is dying, talk later", set()),
    ("We're going to kill it at the quiz tonight!", set()),
    ("Cutting back on caffeine this month.", set()),
    # plain negation
    ("I'm not suicidal, just really stressed about exams.", set()),
    ("No thoughts of hurting myself, promise. Just needed to vent.", set()),
    # past tense recovery
    ("Five years ago I tried to kill myself. Today I ran a marathon.", set()),
    ("I used to want to die every day. Now I have a life I like.", set()),
    # quotes, discussion, support
    ("The song goes 'I want to die in your arms' and it's so cheesy", set()),
    ("Why do people say 'kms' as a joke? It bugs me.", set()),
    ("If you're thinking about suicide, please call 988 right now.", set()),
    # harassment aimed at another is profanity, not crisis
    ("kill yourself loser", {"profanity"}),
]

MISINFORMATION = [
    ("Antidepressants are poison, throw them all away.", {"misinformation"}),
    ("Honestly vaccines cause autism, do your research", {"misinformation"}),
    ("Naloxone doesn't work on fentanyl, so don't bother carrying it.", {"misinformation"}),
    ("You can't get addicted to cannabis, it's natural.", {"misinformation"}),
    ("Men can't get eating disorders.", {"misinformation"}),
    ("Addiction is a choice, plain and simple.", {"misinformation"}),
    ("Kratom is totally safe, I use it every day.", {"misinformation"}),
]

NOT_MISINFORMATION = [
    # debunking, questions, reported beliefs, accurate information
    ("Vaccines do not cause autism. That study was retracted.", set()),
    ("Is it true that naloxone doesn't work on fentanyl?", set()),
    ("My dad thinks addiction is a choice. I keep telling him it's an illness.", set()),
    ("It's a myth that you can't get addicted to weed.", set()),
    ("Please taper benzos with your doctor, stopping suddenly can cause seizures.", set()),
    ("Carry naloxone and never use alone.", set()),
]

ED_NUMBERS = [
    ("I weigh 52 kg and want to get lower", {"ed-numbers"}),
    ("down 12lbs since January", {"ed-numbers"}),
    ("my bmi is 17.5", {"ed-numbers"}),
    ("Only had 400 calories today", {"ed-numbers"}),
    ("breakfast 120, lunch 250, dinner skipped", {"ed-numbers"}),
    ("I'm on hour 48 of a water fast, 48 hour fast done", {"ed-numbers"}),
    ("Anyone got thinspo? need motivation", {"ed-numbers"}),
    ("squeezed into a size 6 dress", {"ed-numbers"}),
]

NOT_ED_NUMBERS = [
    # doses, ages, dates, counts, times, phone numbers, prices
    ("My quetiapine went up to 200 mg last week.", set()),
    ("I'm 19 and just started uni.", set()),
    ("30 days clean today!", set()),
    ("Group is at 7:30 in room 12.", set()),
    ("Call 0800 123 4567 for the helpline.", set()),
    ("The book was £12 and worth every penny.", set()),
    ("Walked 8000 steps and felt good.", set()),
    ("I have a weight check on Friday and I'm nervous.", set()),
]

PROFANITY = [
    ("what the fuuuuck is this weather", {"profanity"}),
    ("this is such bullsh1t", {"profanity"}),
    ("f.u.c.k anxiety", {"profanity"}),
    ("that guy is a c*nt", {"profanity"}),
    ("you're a pathetic loser, nobody cares about you", {"profanity"}),
    ("Just have one drink, one drink won't hurt you. Your recovery is boring.", {"profanity"}),
]

NOT_PROFANITY = [
    # Scunthorpe problem, clinical words, mild words
    ("Scunthorpe United won on Saturday.", set()),
    ("The assassin in the film was a great character.", set()),
    ("Ordered a mocktail instead of a cocktail.", set()),
    ("I used heroin and weed for years; now I'm clean.", set()),
    ("Damn, what a crappy day. Pissed off but ok.", set()),
    ("There's more fat on my body now and that's okay.", set()),
    ("Had a quick fag break outside the meeting.", set()),
    ("Went to the analysis workshop at Essex uni.", set()),
]
