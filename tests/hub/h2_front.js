#!/usr/bin/env node
// An HTTP/2 front for the fixture Hub (fake_hub.py --http2 starts it): the
// Hub and its CDN speak HTTP/2 over TLS, and Python's standard library does
// not. Every stream is passed to the fixture over HTTP/1.1 on 127.0.0.1,
// marked with the protocol the client spoke, so the request log shows it.
// Node's own http2 module only; started and stopped with the fixture.
//
// Usage: h2_front.js UPSTREAM_PORT CERT_FILE KEY_FILE
// Prints the port it listens on (one line) once it accepts connections.
'use strict';
const fs = require('fs');
const http = require('http');
const http2 = require('http2');

const [upstreamPort, certFile, keyFile] = process.argv.slice(2);
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);

const server = http2.createSecureServer(
    {cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile), allowHTTP1: false});

server.on('stream', (stream, headers) => {
  stream.on('error', () => {});  // a client that stops reading early resets its stream
  const forwarded = {};
  for (const [name, value] of Object.entries(headers))
    if (!name.startsWith(':')) forwarded[name] = value;
  forwarded.host = headers[':authority'];
  forwarded['x-fixture-protocol'] = stream.session.alpnProtocol;
  const upstream = http.request({
    host: '127.0.0.1', port: Number(upstreamPort), method: headers[':method'],
    path: headers[':path'], headers: forwarded,
  }, (response) => {
    const answer = {':status': response.statusCode};
    for (const [name, value] of Object.entries(response.headers))
      if (!hopByHop.has(name)) answer[name] = value;
    if (stream.destroyed) return response.destroy();
    stream.respond(answer);
    response.pipe(stream);
  });
  upstream.on('error', () => stream.destroyed || stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
  stream.on('close', () => upstream.destroy());
  upstream.end();
});

server.listen(0, '127.0.0.1', () => console.log(server.address().port));

// The fixture that started this front may die without stopping it.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500).unref();
