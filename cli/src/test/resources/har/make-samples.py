#!/usr/bin/env python3
"""Builds the HAR samples from NTLM messages captured from real clients (the project's corpus,
core/src/test/resources/corpus: curl, the JDK, requests-ntlm and Samba against a loopback
challenger NODE-A). Entries follow the HAR 1.2 layout of a Chromium export (connection = socket id,
_initiator, _resourceType) and of a Firefox export (connection = the server's port)."""
import json, sys, os
corpus = sys.argv[1] if len(sys.argv) > 1 else '../../../../../core/src/test/resources/corpus'
rc = [json.loads(l) for l in open(os.path.join(corpus, 'real-clients.jsonl'))]
sp = [json.loads(l) for l in open(os.path.join(corpus, 'samba-spnego.jsonl'))]
def leg(path, sent):
    return [d for d in rc if d['path'] == path and d['sent'] == sent][0]
curl1, curl3 = leg('/curl', 'type2'), leg('/curl', '200')
jdk1, jdk3 = leg('/jdk', 'type2'), leg('/jdk', '200')
py1, py3 = leg('/py', 'type2'), leg('/py', '200')
spnego = [d for d in sp if d['handshake'].endswith('ok-0')]

def entry(t, url, req_headers, status, resp_headers, conn, version='HTTP/1.1', chrome=True, port='443'):
    e = {
        'startedDateTime': '2026-11-30T09:00:%06.3fZ' % t,
        'time': 12.5,
        'request': {'method': 'GET', 'url': url, 'httpVersion': version,
                    'headers': [{'name': 'Host', 'value': url.split('/')[2]},
                                {'name': 'User-Agent', 'value': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0'},
                                {'name': 'Cookie', 'value': 'SESSION=do-not-print-me'}] + req_headers,
                    'queryString': [], 'cookies': [{'name': 'SESSION', 'value': 'do-not-print-me'}],
                    'headersSize': -1, 'bodySize': 0},
        'response': {'status': status, 'statusText': 'Unauthorized' if status == 401 else 'OK',
                     'httpVersion': version, 'headers': resp_headers, 'cookies': [],
                     'content': {'size': 30, 'mimeType': 'text/plain', 'text': 'x' * 30},
                     'redirectURL': '', 'headersSize': -1, 'bodySize': 30},
        'cache': {}, 'timings': {'blocked': 1, 'dns': -1, 'ssl': -1, 'connect': -1, 'send': 0, 'wait': 10, 'receive': 1},
        'serverIPAddress': '10.0.0.5',
    }
    if chrome:
        e['connection'] = conn
        e['_initiator'] = {'type': 'other'}
        e['_priority'] = 'VeryHigh'
        e['_resourceType'] = 'document'
    else:
        e['connection'] = port
    return e

A = lambda v: [{'name': 'Authorization', 'value': v}]
W = lambda *vs: [{'name': 'WWW-Authenticate', 'value': v} for v in vs]
offer = W('Negotiate', 'NTLM')
site = 'https://intranet.example.test/app/'
h2 = 'https://h2.example.test/app/'
kerb = 'https://portal.example.test/app/'
chrome = [
    # the field case: every leg on browser connection 101, the AUTHENTICATE refused
    entry(1.0, site, [], 401, offer, '101'),
    entry(1.1, site, A(curl1['authorization']), 401, W(curl1['type2']), '101'),
    entry(1.2, site, A(curl3['authorization']), 401, offer, '101'),
    # a client-side split: CHALLENGE on 102, AUTHENTICATE on 103, accepted
    entry(2.0, site, A(jdk1['authorization']), 401, W(jdk1['type2']), '102'),
    entry(2.1, site, A(jdk3['authorization']), 200, [], '103'),
    # the CHALLENGE's 401 closes the connection
    entry(3.0, site, A(py1['authorization']), 401, W(py1['type2']) + [{'name': 'Connection', 'value': 'close'}], '104'),
    entry(3.1, site, A(py3['authorization']), 200, [], '105'),
    # NTLM over HTTP/2
    entry(4.0, h2, [], 401, offer, '106', version='h2'),
    entry(4.1, h2, A(curl1['authorization']), 401, W(curl1['type2']), '106', version='h2'),
    # Negotiate carrying NTLM (no Kerberos ticket)
    entry(5.0, kerb, A(spnego[0]['header_value']), 401, W(spnego[1]['header_value']), '107'),
    entry(5.1, kerb, A(spnego[2]['header_value']), 200, [], '107'),
]
firefox = [
    entry(1.0, site, [], 401, offer, None, chrome=False),
    entry(1.1, site, A(jdk1['authorization']), 401, W(jdk1['type2']), None, chrome=False),
    entry(1.2, site, A(jdk3['authorization']), 401, offer, None, chrome=False),
]
def har(creator, entries):
    return {'log': {'version': '1.2', 'creator': creator,
                    'pages': [{'startedDateTime': '2026-11-30T09:00:01.000Z', 'id': 'page_1', 'title': site, 'pageTimings': {}}],
                    'entries': entries}}
json.dump(har({'name': 'WebInspector', 'version': '537.36'}, chrome), open('chromium-ntlm.har', 'w'), indent=2)
json.dump(har({'name': 'Firefox', 'version': '133.0'}, firefox), open('firefox-ntlm.har', 'w'), indent=2)
