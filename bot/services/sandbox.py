"""Sandbox mode only: make something happen on the local piv.day through its control API
(bot/sandbox/control.py), so a person trying the bot can see an SMS code arrive."""

from __future__ import annotations

import secrets

import httpx

API_SUFFIX = "/api/v1"
SENDER = "Google"


class SimulationFailedError(RuntimeError):
    """The sandbox refused (the number is not active) or is not reachable."""


def control_root(api_url: str) -> str:
    """Where the sandbox's control API (`/_sandbox/…`) lives, next to its `/api/v1`."""
    root = api_url.rstrip("/")
    return root.removesuffix(API_SUFFIX)


async def simulate_sms(api_url: str, piv_num_id: str) -> str:
    """An inbound SMS with a fresh Google-style code lands on the number (in its history, and as
    an sms.received webhook: in sandbox mode bot.events.sandbox points every stored key's
    webhook at the bot itself). Returns the text sent."""
    text = f"G-{secrets.randbelow(10**6):06d} is your Google verification code."
    try:
        async with httpx.AsyncClient(base_url=control_root(api_url), timeout=30) as http:
            answer = await http.post(
                "/_sandbox/sms",
                json={"piv_num_id": piv_num_id, "from_number": SENDER, "text": text},
            )
            answer.raise_for_status()
    except httpx.HTTPError as exc:
        raise SimulationFailedError(type(exc).__name__) from None
    return text
