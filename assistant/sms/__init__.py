"""The SMS channel: one gateway-neutral core and a small adapter per gateway.

An adapter (twilio_gateway.py, cm_gateway.py) does three things: prove the request
came from the gateway, turn it into an `Inbound`, and deliver the reply texts the way
that gateway wants them. Everything else is gateway-neutral, one job a module:
identity.py (keyed hashes, never a number), reading.py (what people type),
composing.py (questions, plan and search answers, shaped for cost) and dialogue.py
(the conversation and its stored state). A third gateway is one small file plus a
route in channels/sms.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Inbound:
    text: str
    sender: str  # the phone number: used for the keyed hash and the reply, never stored or logged
    message_id: str  # the gateway's id, so a retried webhook gets the same answer
    opt_out: str = ""  # the gateway already handled an opt-out keyword ("STOP", ...)
