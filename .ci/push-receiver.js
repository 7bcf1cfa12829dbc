// A webhook receiver for CI's push smoke test, independent of the gateway's code: it listens on a free loopback port
// (printed as "listening on PORT"), and for each POST verifies the Standard Webhooks signature with the npm
// `standardwebhooks` package against the secret in the file given as argv[2] (written once CreateSubscription
// returned it), checks that the body is a structured CloudEvent, and prints one line per request: "verified TYPE
// SUBJECT" or "refused REASON". Answers 204 when verified, 400 otherwise.
"use strict";
const http = require("node:http");
const fs = require("node:fs");
const { Webhook } = require("standardwebhooks");

const secretFile = process.argv[2];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    try {
      const secret = fs.readFileSync(secretFile, "utf8").trim();
      const event = new Webhook(secret).verify(body, req.headers);
      if (event.specversion !== "1.0" || !event.id || event.id !== req.headers["webhook-id"]) {
        throw new Error("not a structured CloudEvent 1.0 whose id is the webhook-id");
      }
      console.log(`verified ${event.type} ${event.subject} ${req.headers["content-type"]}`);
      res.writeHead(204).end();
    } catch (e) {
      console.log(`refused ${e.message}`);
      res.writeHead(400).end();
    }
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on ${server.address().port}`));
