#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""python3-gssapi (Debian's, unmodified) with mech_btns, against the test
KDC (with_kdc.sh) and with GSS_MECH_CONFIG naming the module of this build.

The application asks for mech_btns by its OID at both ends (it is not a
default mechanism) and gives channel bindings; then it uses what its
binding offers: inquire_sec_context_by_oid (the SASL SSF, the session key),
wrap_iov / unwrap_iov / wrap_iov_length beside wrap / unwrap, and
export_name and its import.  python-gssapi 1.8 has no pseudo_random and no
localname, and its STREAM buffers cannot be used: mech_btns.bindings covers
those in C.
"""
import sys

import gssapi
import gssapi.raw as graw
from gssapi.raw import IOV, IOVBufferType

BTNS = gssapi.OID.from_int_seq("1.3.6.1.4.1.32473.1.1")
KRB5 = gssapi.OID.from_int_seq("1.2.840.113554.1.2.2")
SASL_SSF = gssapi.OID.from_int_seq("1.2.840.113554.1.2.2.5.15")
SESSION_KEY = gssapi.OID.from_int_seq("1.2.840.113554.1.2.2.5.5")
BINDING = b"ipsec-sa-unique-v1:0123456789abcdef0123456789abcdef"
CHANNEL_BOUND_FLAG = 2048  # GSS_C_CHANNEL_BOUND_FLAG (MIT)
EXPORT_HEAD = b"\x04\x01\x00\x0c\x06\x0a" + bytes.fromhex("2b0601040181fd590101")

failures = []


def check(what, ok, detail=""):
    print(("ok:   " if ok else "FAIL: ") + what + (f" ({detail})" if detail else ""))
    if not ok:
        failures.append(what)


def establish(mech, bindings):
    """An initiator and an acceptor context of mech, each given bindings."""
    target = gssapi.Name("host@localhost", gssapi.NameType.hostbased_service)
    accept_creds = gssapi.Credentials(usage="accept", mechs=[mech])
    cb = graw.ChannelBindings(application_data=bindings) if bindings else None
    init = gssapi.SecurityContext(name=target, mech=mech, usage="initiate",
                                  channel_bindings=cb)
    acc = gssapi.SecurityContext(creds=accept_creds, usage="accept", channel_bindings=cb)
    token = init.step()
    while not (init.complete and acc.complete):
        token = acc.step(token)
        if not init.complete:
            token = init.step(token)
    return init, acc


def ssf(ctx):
    values = graw.inquire_sec_context_by_oid(ctx, SASL_SSF)
    return int.from_bytes(values[0], "big") if len(values) == 1 and len(values[0]) == 4 else None


def main():
    init, acc = establish(BTNS, BINDING)
    check("the context is mech_btns's at both ends", init.mech == BTNS and acc.mech == BTNS)
    check("channel bound at both ends",
          bool(int(init.actual_flags) & CHANNEL_BOUND_FLAG)
          and bool(int(acc.actual_flags) & CHANNEL_BOUND_FLAG))
    check("wrap/unwrap", acc.unwrap(init.wrap(b"hello", True).message).message == b"hello")

    # The SASL SSF (not bridged here: no IPsec SA) is krb5's: the same as a
    # krb5 context's from the same KDC.
    k_init, k_acc = establish(KRB5, None)
    check("SASL SSF is krb5's", ssf(init) is not None and ssf(init) == ssf(k_init)
          and ssf(acc) == ssf(k_acc), f"mech_btns {ssf(init)}, krb5 {ssf(k_init)}")
    ikey = graw.inquire_sec_context_by_oid(init, SESSION_KEY)
    akey = graw.inquire_sec_context_by_oid(acc, SESSION_KEY)
    check("the session key is the same at both ends", len(ikey) >= 1 and len(ikey[0]) == 32
          and ikey[0] == akey[0])

    # wrap_iov's buffers end to end are what unwrap takes, and unwrap_iov
    # takes them as buffers.
    lengths = IOV(b"x" * 16, std_layout=True)
    graw.wrap_iov_length(init, lengths)
    message = IOV(b"hello through the IOV", std_layout=True)
    conf = graw.wrap_iov(init, message)
    header, data, padding, trailer = (buf.value or b"" for buf in message)
    check("wrap_iov encrypts (unbridged)", conf and data != b"hello through the IOV")
    check("wrap_iov_length gives the room wrap_iov takes",
          lengths[0].value is not None and len(header) == len(lengths[0].value)
          and len(trailer) == len(lengths[3].value or b""),
          f"header {len(header)}, trailer {len(trailer)} octets")
    token = header + data + padding + trailer
    check("wrap_iov -> unwrap", acc.unwrap(token).message == b"hello through the IOV")
    message = IOV(b"back through the IOV", std_layout=True)
    graw.wrap_iov(acc, message)
    received = IOV((IOVBufferType.header, False, message[0].value), message[1].value,
                   (IOVBufferType.padding, False, message[2].value or b""),
                   (IOVBufferType.trailer, False, message[3].value or b""), std_layout=False)
    graw.unwrap_iov(init, received)
    check("wrap_iov -> unwrap_iov", received[1].value == b"back through the IOV")
    # Not a STREAM buffer: python-gssapi 1.8.2 frees the DATA buffer that
    # points into it, with krb5 alone too (mech_btns.bindings covers it).
    forged = IOV((IOVBufferType.header, False, b"\x01\x10\x00\x00" + b"\x00" * 8), b"injected",
                 std_layout=False)
    try:
        graw.unwrap_iov(acc, forged)
        check("a forged bridged header is refused", False)
    except gssapi.exceptions.GSSError as e:
        check("a forged bridged header is refused", True, str(e).splitlines()[0])

    # The acceptor's name of the initiator: mech_btns's exported name, which
    # imports as the same principal.
    source = acc.initiator_name
    exported = source.export()
    check("export_name is mech_btns's RFC 2743 token",
          exported.startswith(EXPORT_HEAD) and exported.endswith(b"user@TEST.REALM"))
    back = gssapi.Name(exported, gssapi.NameType.export)
    check("the exported name imports as the same name",
          back == source and str(back) == "user@TEST.REALM", str(back))

    print("python-gssapi offers pseudo_random: %s, localname: %s (tested in C)" % (
        hasattr(graw, "pseudo_random"), hasattr(graw, "localname")))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
