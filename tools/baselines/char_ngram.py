"""Unigram and bigram baselines for a character language model, on the same split and stream.

    python3 tools/baselines/char_ngram.py TRAIN.txt VALIDATION.txt

The texts (one per non-empty line) become one stream of characters, each text followed by the
boundary "\\n" and the stream starting with one, as the char-lstm preset builds it; characters
that never occur in TRAIN are left out (as the model's vocabulary leaves them out). Prints the
NLL per character (nats) and perplexity on VALIDATION of
  - a unigram model with add-one smoothing, and
  - a bigram model smoothed towards the unigram, p(c|b) = (n(b,c) + a*p1(c)) / (n(b) + a), with a
    chosen from {0.1, 0.3, 1, 3, 10, 30, 100} on the last 5 % of TRAIN's texts (fit on the rest),
    then refit on all of TRAIN.
"""
import math
import sys
from collections import Counter


def stream(path, vocabulary=None):
    texts = [line for line in open(path, encoding="utf-8").read().split("\n") if line]
    out = ["\n"]
    for t in texts:
        out += [c for c in t if vocabulary is None or c in vocabulary]
        out.append("\n")
    return texts, out


def fit(chars):
    unigram = Counter(chars[1:])
    bigram = Counter(zip(chars, chars[1:]))
    context = Counter(chars[:-1])
    return unigram, bigram, context


def nll(chars, model, vocabulary, a):
    unigram, bigram, context = model
    total = sum(unigram.values())
    p1 = {c: (unigram[c] + 1) / (total + len(vocabulary)) for c in vocabulary}
    uni = bi = 0.0
    for b, c in zip(chars, chars[1:]):
        uni -= math.log(p1[c])
        bi -= math.log((bigram[(b, c)] + a * p1[c]) / (context[b] + a))
    n = len(chars) - 1
    return uni / n, bi / n


train_texts, train = stream(sys.argv[1])
vocabulary = set(train)
cut = len(train_texts) * 95 // 100
dev_fit = ["\n"] + [c for t in train_texts[:cut] for c in list(t) + ["\n"]]
dev = ["\n"] + [c for t in train_texts[cut:] for c in list(t) + ["\n"]]
best = min([0.1, 0.3, 1, 3, 10, 30, 100], key=lambda a: nll(dev, fit(dev_fit), vocabulary, a)[1])
_, validation = stream(sys.argv[2], vocabulary)
uni, bi = nll(validation, fit(train), vocabulary, best)
print(f"symbols {len(validation) - 1}, vocabulary {len(vocabulary)}")
print(f"unigram (add-one): NLL {uni:.4f} nats/char, perplexity {math.exp(uni):.2f}")
print(f"bigram (a={best}): NLL {bi:.4f} nats/char, perplexity {math.exp(bi):.2f}")
