'use strict';
// Validates an OpenAPI document (a file, or a URL to fetch) against the OpenAPI 3 schema, and checks that
// every path parameter is declared and every $ref resolves. Usage: node validate.js http://127.0.0.1:5080/openapi.json
const fs = require('fs');
const os = require('os');
const path = require('path');
const SwaggerParser = require('@apidevtools/swagger-parser');

async function load(source) {
  if (!/^https?:/.test(source)) return source;
  const response = await fetch(source);
  if (!response.ok) throw new Error(`GET ${source}: HTTP ${response.status}`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json');
  fs.writeFileSync(file, await response.text());
  return file;
}

// The schema alone does not tie templates to parameters: every {name} in a path needs exactly one required
// path parameter of that name in each of its operations, and no operation may declare one the path lacks.
function checkPathParameters(api) {
  const ids = new Set();
  for (const [template, item] of Object.entries(api.paths)) {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    for (const [verb, operation] of Object.entries(item)) {
      const declared = (operation.parameters || []).filter((p) => p.in === 'path');
      const got = declared.map((p) => p.name).sort();
      if (JSON.stringify(got) !== JSON.stringify(names)) {
        throw new Error(`${verb.toUpperCase()} ${template}: path parameters ${JSON.stringify(got)} do not match the template's ${JSON.stringify(names)}`);
      }
      if (declared.some((p) => p.required !== true)) throw new Error(`${verb.toUpperCase()} ${template}: path parameters must be required`);
      if (ids.has(operation.operationId)) throw new Error(`duplicate operationId ${operation.operationId}`);
      ids.add(operation.operationId);
    }
  }
}

async function main() {
  const file = await load(process.argv[2]);
  const api = await SwaggerParser.validate(file);
  checkPathParameters(api);
  const operations = Object.values(api.paths).flatMap((item) => Object.keys(item));
  console.log(`${api.info.title} ${api.info.version}: valid OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths, ${operations.length} operations, ${Object.keys(api.components.schemas).length} schemas`);
}

main().catch((err) => {
  console.error(`invalid OpenAPI document: ${err.message}`);
  process.exit(1);
});
