"""HTML sanitising for rich text stored in the catalog: staff-entered `descriptionHtml` and
the HTML the AI content drafts carry.

nh3 (Rust's ammonia) with its default allow-list: headings, paragraphs, lists, tables,
emphasis, links and images survive; scripts, styles, iframes, event handler attributes and
`javascript:` URLs do not. Links get `rel="noopener noreferrer"`. Sanitising happens once,
on the way in, so every read (storefront, JSON-LD, search text) serves stored, safe markup
and no read path has to remember to clean it.
"""

from __future__ import annotations

import nh3


def clean_html(markup: str) -> str:
    """The markup with everything outside the allow-list removed, surrounding blanks stripped."""
    return nh3.clean(markup).strip()
