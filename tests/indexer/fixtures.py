"""Small articles written for the tests, and a helper that writes them into a folder."""

from __future__ import annotations

from pathlib import Path

RIYADH = """date 2025-02-18 Envoys meet in Riyadh to prepare a ceasefire framework

Senior envoys from Washington and Moscow met in Riyadh on Tuesday to prepare what both sides called a framework for a ceasefire in Ukraine.

The Russian delegation was led by Foreign Minister Sergei Lavrov, while the American team was led by Secretary of State Marco Rubio.

"We agreed to keep talking, and that is already something," Lavrov told reporters after the meeting, adding that the peacekeepers question was not discussed.

Officials said a further round could take place at the Élysée in Paris if European governments join the process.
"""

GRAIN = """Grain corridor talks resume in Istanbul

By Aylin Kaya | 3 March 2025

Negotiators returned to Istanbul to discuss the safety of grain shipments across the Black Sea, officials said on Monday.

Turkish Foreign Minister Hakan Fidan said the corridor had moved more than four million tonnes of wheat before it closed.

A spokeswoman for the shipping ministry, Derya Aksoy, said insurers wanted written guarantees before vessels sailed.
"""

MARKETS = """Markets steady as investors weigh diplomacy

Published 2025-03-05

Shares in European energy companies were little changed on Wednesday as investors waited for news from the diplomatic track.

Analysts at a Frankfurt bank said a durable agreement could lower gas prices over the coming year, though they warned that forecasts remained uncertain.

Trading volumes were thin ahead of a central bank meeting later in the week.
"""

HTML_PAGE = """<!doctype html><html><head><title>Prisoner exchange completed | The Example Herald</title>
<meta property="og:site_name" content="The Example Herald">
<meta property="article:published_time" content="2025-03-07T09:00:00Z">
<script>alert('never run')</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Prisoner exchange completed</h1>
<p>Russia and Ukraine exchanged 175 prisoners each on Friday in a swap mediated by the United Arab Emirates, officials in both countries said.</p>
<p>Ukrainian President Volodymyr Zelenskyy thanked the mediators and said more exchanges were being prepared for the coming weeks.</p>
<p>The exchange took place at the border with Belarus, where buses carrying the released soldiers crossed in the early afternoon under the watch of observers.</p>
<img src="https://tracker.example.net/pixel.gif">
</article><footer>Copyright 2025 The Example Herald. All rights reserved.</footer></body></html>
"""


def rewrapped(text: str) -> str:
    """The same story, re-wrapped with different whitespace and an extra share line."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line) + "\n\nShare this article on Facebook and X\n"


def write_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "riyadh": folder / "riyadh.txt",
        "grain": folder / "grain.txt",
        "markets": folder / "markets.md",
        "herald": folder / "herald.html",
    }
    files["riyadh"].write_text(RIYADH, encoding="utf-8")
    files["grain"].write_text(GRAIN, encoding="utf-8")
    files["markets"].write_text(MARKETS, encoding="utf-8")
    files["herald"].write_text(HTML_PAGE, encoding="utf-8")
    return files
