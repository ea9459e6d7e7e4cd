#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""A mech_btns context (mech_btns(7)) from python3-gssapi, over TCP: the
client wraps one line, the server unwraps it and sends it back wrapped.  It speaks the C examples'
framing (a 4-octet length before each token), so either end may be one of
them.

Needs Debian's python3-gssapi and mech_btns registered (installed, or
GSS_MECH_CONFIG); Kerberos as for any GSS-API program (kinit, a keytab).
  gss_btns.py [--bind] server PORT
  gss_btns.py [--bind] client HOST PORT host@server.example LINE
--bind binds the context to the connection's IPsec channel (the socket,
given in the credential store); without IPsec, the mechanism refuses it.
Without --bind, the context is unbound and krb5 encrypts the messages.
"""
import socket
import struct
import sys

import gssapi

# GSS_BTNS_MECHANISM_OID_STRING of <gssapi/gssapi_btns.h>.
BTNS = gssapi.OID.from_int_seq("1.3.6.1.4.1.32473.1.1")
CHANNEL_BOUND_FLAG = 2048  # GSS_C_CHANNEL_BOUND_FLAG (MIT's gssapi_ext.h)


def send_token(sock, token):
    sock.sendall(struct.pack("!I", len(token)) + token)


def recv_exactly(sock, length):
    data = sock.recv(length, socket.MSG_WAITALL) if length > 0 else b""
    if len(data) != length:
        raise ConnectionError("the peer closed the connection")
    return data


def recv_token(sock):
    (length,) = struct.unpack("!I", recv_exactly(sock, 4))
    return recv_exactly(sock, length)


def credentials(sock, usage, bind):
    # mech_btns is no default mechanism: the credential names it, and
    # "btns-socket" (GSS_BTNS_CRED_STORE_SOCKET) gives it the socket.
    store = {"btns-socket": str(sock.fileno())} if bind else None
    return gssapi.Credentials(usage=usage, mechs=[BTNS], store=store)


def report(ctx, bind, message_token):
    bound = bool(int(ctx.actual_flags) & CHANNEL_BOUND_FLAG)
    print("bound:", "yes" if bound else "no")
    if bind and not bound:
        raise RuntimeError("the context is not bound to the IPsec channel")
    # The token's type octet (mech_btns/btns_token.h): 0x10, no second
    # encryption (the SA protects the message); else krb5's wrap.
    print("messages:", "bridged" if message_token[1:2] == b"\x10" else "krb5-wrapped")


def server(port, bind):
    with socket.create_server(("", int(port))) as listener:
        sock, _ = listener.accept()
    with sock:
        ctx = gssapi.SecurityContext(creds=credentials(sock, "accept", bind), usage="accept")
        while not ctx.complete:
            reply = ctx.step(recv_token(sock))
            if reply:
                send_token(sock, reply)
        print("client:", ctx.initiator_name)
        token = recv_token(sock)
        report(ctx, bind, token)
        line = ctx.unwrap(token).message
        print("received:", line.decode())
        send_token(sock, ctx.wrap(line, True).message)


def client(host, port, service, line, bind):
    with socket.create_connection((host, int(port))) as sock:
        target = gssapi.Name(service, gssapi.NameType.hostbased_service)
        ctx = gssapi.SecurityContext(name=target, mech=BTNS, usage="initiate",
                                     creds=credentials(sock, "initiate", bind))
        token = ctx.step()
        while token:
            send_token(sock, token)
            token = None if ctx.complete else ctx.step(recv_token(sock))
        wrapped = ctx.wrap(line.encode(), True).message
        report(ctx, bind, wrapped)
        send_token(sock, wrapped)
        print("echo:", ctx.unwrap(recv_token(sock)).message.decode())


def main(args):
    bind = args[:1] == ["--bind"]
    args = args[1:] if bind else args
    try:
        if len(args) == 2 and args[0] == "server":
            server(args[1], bind)
        elif len(args) == 5 and args[0] == "client":
            client(*args[1:], bind)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (gssapi.exceptions.GSSError, OSError, RuntimeError) as e:
        print(f"gss_btns.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
