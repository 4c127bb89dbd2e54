// Validates a BOM that owl wrote against the official JSON schema of its
// format, then checks what a schema cannot: that every reference resolves
// and every identifier is unique.
//
//   node validate_json_schema.mjs MODULES_DIR cyclonedx|spdx BOM.json
//
// MODULES_DIR is the node_modules that scripts/test.sh installs into tools/:
// @cyclonedx/cyclonedx-library (res/schema/bom-1.6 + spdx + jsf), ajv,
// ajv-formats, and schemas/spdx-3.0.1.schema.json (extracted by test.sh).
// Prints "valid" and exits 0, or prints every problem and exits 1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [modulesArg, format, bomPath] = process.argv.slice(2);
const modulesDir = modulesArg && resolve(modulesArg);
if (!modulesDir || !['cyclonedx', 'spdx'].includes(format) || !bomPath) {
  console.error('usage: validate_json_schema.mjs MODULES_DIR cyclonedx|spdx BOM.json');
  process.exit(2);
}
const require = createRequire(join(modulesDir, 'resolve-from-here.js'));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf-8'));
const bom = readJson(bomPath);
const problems = [];

// IRIs and IRI references: no spaces, controls or characters RFC 3987 bars.
const iriReference = (text) => !/[\s\u0000-\u001f<>"{}|\\^`]/.test(text);

// Every LicenseRef anywhere in the BOM (ids, expressions, altIds, and the
// sentences that quote them) must be a valid SPDX idstring: a consumer that
// picks one up must be able to use it.
function licenseRefErrors(node, path) {
  if (typeof node === 'string') {
    for (const ref of node.match(/LicenseRef-[^\s()\[\]{}"',;:]*/g) ?? [])
      if (!/^LicenseRef-[A-Za-z0-9.-]+$/.test(ref)) problems.push(`${path}: ${ref} is not a valid LicenseRef`);
  } else if (Array.isArray(node)) {
    node.forEach((item, i) => licenseRefErrors(item, `${path}/${i}`));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) licenseRefErrors(value, `${path}/${key}`);
  }
}

function schemaErrors(validate) {
  if (validate(bom)) return;
  for (const error of validate.errors)
    problems.push(`schema: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
}

function validateCycloneDx() {
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const schemaDir = join(modulesDir, '@cyclonedx/cyclonedx-library/res/schema');
  const ajv = new Ajv({ strict: false, allErrors: true, loadSchema: undefined });
  addFormats(ajv);
  ajv.addFormat('iri-reference', iriReference);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/);
  // bom-1.6 refers to its subschemas by these names.
  ajv.addSchema(readJson(join(schemaDir, 'spdx.SNAPSHOT.schema.json')),
    'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json');
  ajv.addSchema(readJson(join(schemaDir, 'jsf-0.82.SNAPSHOT.schema.json')),
    'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json');
  schemaErrors(ajv.compile(readJson(join(schemaDir, 'bom-1.6.SNAPSHOT.schema.json'))));

  const refs = new Map();
  const collect = (node, path) => {
    if (Array.isArray(node)) return node.forEach((item, i) => collect(item, `${path}/${i}`));
    if (node === null || typeof node !== 'object') return;
    if (typeof node['bom-ref'] === 'string') {
      if (refs.has(node['bom-ref'])) problems.push(`bom-ref ${node['bom-ref']} at ${path} repeats ${refs.get(node['bom-ref'])}`);
      refs.set(node['bom-ref'], path);
    }
    for (const [key, value] of Object.entries(node)) collect(value, `${path}/${key}`);
  };
  collect(bom, '');
  const mustResolve = (ref, where) => {
    if (!refs.has(ref)) problems.push(`${where} refers to ${ref}, which no bom-ref names`);
  };
  for (const dependency of bom.dependencies ?? []) {
    mustResolve(dependency.ref, 'dependencies');
    for (const target of dependency.dependsOn ?? []) mustResolve(target, `dependency of ${dependency.ref}`);
  }
  for (const component of bom.components ?? []) {
    for (const dataset of component.modelCard?.modelParameters?.datasets ?? [])
      if (dataset.ref) mustResolve(dataset.ref, `modelCard of ${component['bom-ref']}`);
    // A base that is in the BOM is pointed at by BOM-Link: it must be this
    // BOM's serial and a bom-ref that exists.
    for (const ancestor of component.pedigree?.ancestors ?? [])
      for (const reference of ancestor.externalReferences ?? []) {
        if (reference.type !== 'bom') continue;
        const link = /^urn:cdx:([^/]+)\/1#(.+)$/.exec(reference.url);
        if (!link || `urn:uuid:${link[1]}` !== bom.serialNumber)
          problems.push(`ancestor of ${component['bom-ref']}: ${reference.url} is not a BOM-Link into this BOM`);
        else mustResolve(decodeURIComponent(link[2]), `ancestor of ${component['bom-ref']}`);
      }
  }
}

function validateSpdx() {
  const Ajv2020 = require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats').default;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  schemaErrors(ajv.compile(readJson(join(modulesDir, '../schemas/spdx-3.0.1.schema.json'))));

  const graph = bom['@graph'] ?? [];
  const ids = new Set();
  const blankNodes = new Set();
  for (const node of graph) {
    if (node['@id']) blankNodes.add(node['@id']);
    if (!node.spdxId) continue;
    if (ids.has(node.spdxId)) problems.push(`spdxId ${node.spdxId} repeats`);
    ids.add(node.spdxId);
    if (!blankNodes.has(node.creationInfo) && !graph.some((n) => n['@id'] === node.creationInfo))
      problems.push(`${node.spdxId}: creationInfo ${node.creationInfo} is not in the graph`);
  }
  // SPDX's individuals are named, never defined in the graph.
  const individuals = new Set(['expandedlicensing_NoneLicense', 'expandedlicensing_NoAssertionLicense',
    'NoneElement', 'NoAssertionElement']);
  const mustResolve = (ref, where) => {
    if (!ids.has(ref) && !individuals.has(ref)) problems.push(`${where} refers to ${ref}, which is not in the graph`);
  };
  const referenceKeys = ['from', 'to', 'subject', 'suppliedBy', 'rootElement', 'element',
    'dataLicense', 'createdBy', 'createdUsing', 'originatedBy'];
  for (const node of graph)
    for (const key of referenceKeys)
      for (const ref of [node[key] ?? []].flat()) mustResolve(ref, `${node.spdxId ?? node['@id']}.${key}`);

  const documents = graph.filter((node) => node.type === 'SpdxDocument');
  if (documents.length !== 1) problems.push(`expected one SpdxDocument, found ${documents.length}`);
  const document = documents[0] ?? {};
  const listed = new Set(document.element ?? []);
  for (const id of ids)
    if (id !== document.spdxId && !listed.has(id)) problems.push(`${id} is not in SpdxDocument.element`);
  // A document conforms to the profile of every namespaced class it uses.
  const profileOf = { ai: 'ai', dataset: 'dataset', software: 'software', simplelicensing: 'simpleLicensing',
    expandedlicensing: 'expandedLicensing' };
  const conformance = new Set(document.profileConformance ?? []);
  for (const node of graph) {
    const prefix = String(node.type).split('_')[0];
    if (profileOf[prefix] && !conformance.has(profileOf[prefix]))
      problems.push(`${node.spdxId} is ${node.type} but profileConformance lacks ${profileOf[prefix]}`);
    for (const ref of [node.to ?? []].flat())
      if (String(ref).startsWith('expandedlicensing_') && !conformance.has('expandedLicensing'))
        problems.push(`${node.spdxId} uses ${ref} but profileConformance lacks expandedLicensing`);
  }
  const expression = /^(\(?(LicenseRef-[A-Za-z0-9.-]+|(?!LicenseRef-)[A-Za-z0-9.-]+\+?)\)?( (AND|OR|WITH) |$))+$/;
  for (const node of graph.filter((n) => n.type === 'simplelicensing_LicenseExpression'))
    if (!expression.test(node.simplelicensing_licenseExpression))
      problems.push(`${node.spdxId}: "${node.simplelicensing_licenseExpression}" is not an SPDX expression`);
}

try {
  format === 'cyclonedx' ? validateCycloneDx() : validateSpdx();
  licenseRefErrors(bom, '');
} catch (error) {
  problems.push(`validator failed: ${error.message}`);
}
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log('valid');
