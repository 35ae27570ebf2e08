"""A printable certificate of completion, one self-contained HTML page."""

from __future__ import annotations

from html import escape

from mentorship_bot.sweep.certificates import Certificate

_STYLE = """
body{font:16px/1.6 Georgia,"Times New Roman",serif;color:#1f1e24;background:#fff}
main{max-width:46rem;margin:3rem auto;padding:3rem;border:6px double #1f75cb;text-align:center}
h1{font-size:2.2rem;letter-spacing:.05em;margin:.2rem 0 1.5rem}.name{font-size:1.8rem}
.small{color:#535158;font-size:.9rem}code{font-size:1rem}
@media print{main{margin:0;border-width:4px}}
"""


def certificate_html(cert: Certificate) -> str:
    role = ("as mentor to " if cert.role == "mentor" else "as mentee, mentored by ")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Certificate of completion: {escape(cert.name)}</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        f'<p class="small">{escape(cert.program_name)}</p>',
        "<h1>Certificate of completion</h1>",
        "<p>This certifies that</p>",
        f'<p class="name"><strong>{escape(cert.name)}</strong> '
        f'<span class="small">(@{escape(cert.username)})</span></p>',
        f"<p>completed {escape(cert.round_name)} ({cert.round_starts} to {cert.round_ends}) "
        f"{role}{escape(cert.partner_name)},</p>",
        f"<p>with <strong>{cert.completion_percent}%</strong> of the milestones done (the "
        f"program asks for {cert.threshold_percent}%).</p>",
        f'<p class="small">Issued on {cert.issued_on}. Verification id '
        f"<code>{escape(cert.verification_id)}</code></p>",
        "</main></body></html>",
    ]) + "\n"
