#!/usr/bin/env python3
"""Generates a synthetic content repository for benchmarks.

usage: generate.py OUT_DIR POSTS TERMS

POSTS posts (a mix of English and Japanese, three share texts each, some page
bundles), a policy.yaml with TERMS term rules' worth of terms, and the same
posts as a Hugo site under OUT_DIR/hugo for the portal benchmark.
Deterministic: the same arguments give the same files.
"""
import os
import random
import sys

EN_WORDS = ("team customers product release office launch people design engineering "
            "support community event talk data cloud sync timeline planning open "
            "future growth hiring culture report energy tokyo orbit devcon").split()
JA_WORDS = ("東京 オフィス 新しい 製品 リリース チーム お客様 採用 イベント 開発 "
            "サポート 計画 未来 文化 レポート 電力 仲間 募集 開催 発表").split()
NETWORKS = ["linkedin", "x", "bluesky", "threads", "facebook", "mastodon"]


def sentence(rng, ja):
    if ja:
        return "".join(rng.choice(JA_WORDS) for _ in range(rng.randint(6, 12))) + "。"
    words = [rng.choice(EN_WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def policy(terms):
    lines = [
        "site:",
        "  title: Bench Advocates",
        "  base_url: https://advocates.example.com/",
        "  default_lang: en",
        "  languages: [en, ja]",
        "  timezone: Asia/Tokyo",
        "fields:",
        "  required: [title, link, expires_at]",
        "links:",
        "  allowed_domains: [example.com, \"*.example.com\"]",
        "  utm: {utm_source: \"{network}\", utm_medium: social, utm_campaign: \"{campaign}\", utm_content: \"{id}\"}",
        "disclosure:",
        "  any_of: [\"#AcmeEmployee\", \"#アクメ社員\"]",
        "hashtags:",
        "  max: 3",
        "schedule:",
        "  max_days: 365",
        "terms:",
    ]
    rules = max(1, terms // 10)
    for r in range(rules):
        words = [f"bannedterm{r}x{i}" if i % 2 else f"禁止語{r}の{i}" for i in range(10)]
        lines += [
            f"  - id: rule-{r}",
            "    severity: error",
            f"    message: Rule {r}",
            "    match: [" + ", ".join(words[: min(10, terms)]) + "]",
            "    in: [share, title, briefing]",
        ]
    return "\n".join(lines) + "\n"


HUGO_CONFIG = """baseURL = "https://advocates.example.com/"
title = "Bench Advocates"
buildFuture = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
"""

# A minimal theme equivalent to advocate's pages: an index listing every
# post, and a page per post with its briefing and share texts.
HUGO_BASEOF = """<!doctype html><html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <small>{{ .Params.campaign }} · {{ .ExpiryDate.Format "2006-01-02" }}</small></li>{{ end }}</ul>{{ end }}
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.campaign }} · {{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</article>{{ end }}
"""


def hugo_site(out):
    root = os.path.join(out, "hugo")
    layouts = os.path.join(root, "layouts", "_default")
    os.makedirs(layouts, exist_ok=True)
    for name, text in [("hugo.toml", HUGO_CONFIG)]:
        with open(os.path.join(root, name), "w") as f:
            f.write(text)
    for name, text in [("baseof.html", HUGO_BASEOF), ("list.html", HUGO_LIST), ("single.html", HUGO_SINGLE)]:
        with open(os.path.join(layouts, name), "w") as f:
            f.write(text)
    with open(os.path.join(root, "layouts", "index.html"), "w") as f:
        f.write(HUGO_LIST)


def main():
    out, posts, terms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(posts)
    os.makedirs(os.path.join(out, "library"), exist_ok=True)
    with open(os.path.join(out, "policy.yaml"), "w") as f:
        f.write(policy(terms))
    hugo_content = os.path.join(out, "hugo", "content", "posts")
    os.makedirs(hugo_content, exist_ok=True)
    hugo_site(out)
    for n in range(posts):
        ja = n % 3 == 0
        campaign = f"campaign-{n % 40}"
        folder = os.path.join(out, "library", campaign)
        os.makedirs(folder, exist_ok=True)
        day = 1 + n % 28
        title = ("お知らせ " if ja else "News ") + str(n)
        tag = "#アクメ社員" if ja else "#AcmeEmployee"
        briefing = " ".join(sentence(rng, ja) for _ in range(3))
        shares = [sentence(rng, ja) + " {link} " + tag for _ in range(3)]
        front = (
            f"---\ntitle: {title}\ncampaign: {campaign}\ntopics: [topic-{n % 7}, topic-{n % 11}]\n"
            f"lang: {'ja' if ja else 'en'}\nlink: https://www.example.com/posts/{n}\n"
            f"publish_at: 2026-11-{day:02d}\nexpires_at: 2027-03-{day:02d}\n---\n"
        )
        body = briefing + "\n\n"
        body += f"```share\n{shares[0]}\n```\n\n```share x\n{shares[1]}\n```\n\n```share x\n{shares[2]}\n```\n"
        with open(os.path.join(folder, f"post-{n}.md"), "w") as f:
            f.write(front + body)
        with open(os.path.join(hugo_content, f"post-{n}.md"), "w") as f:
            f.write(front.replace("publish_at", "date").replace("expires_at", "expiryDate") + body)


if __name__ == "__main__":
    main()
