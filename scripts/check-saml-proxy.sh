#!/usr/bin/env bash
# Checks the Apache configurations of docs/proxy/ with the real modules, where Apache is
# installed (Debian: apt install apache2 libapache2-mod-auth-mellon libapache2-mod-shib):
#   1. both files pass `apache2 -t` with mod_auth_mellon and mod_shib loaded (SSL, paths and
#      ports replaced by throwaway ones, nothing else changed), and the Shibboleth excerpt in a
#      full shibboleth2.xml passes `shibd -t`;
#   2. the mod_auth_mellon file, run for real in front of a backend that echoes the headers it
#      gets: the identity headers a browser sends are dropped on every path, the rest reaches
#      the backend, and Jalon's header sign-in address is not reached without a SAML session
#      (mellon sends the browser to the IdP's sign-in address from its metadata).
# Not checked here: a SAML assertion from a real IdP turned into the headers (no IdP runs here).
# Usage: scripts/check-saml-proxy.sh   (exit 0 when every check passed)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/jalon-saml-proxy.XXXXXX)"
apache_port=18443
backend_port=18080
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$work/apache.pid" ]]; then kill "$(cat "$work/apache.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# Apache's workers (www-data) read the keys and metadata made below.
chmod 755 "$work"
fail() {
  echo "FAIL: $*" >&2
  if [[ -f "$work/error.log" ]]; then tail -5 "$work/error.log" >&2; fi
  exit 1
}
command -v apache2 >/dev/null || fail "apache2 is not installed"

# Throwaway TLS certificate, SP keys (mellon_create_metadata) and a made-up IdP's metadata.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -keyout "$work/tls.key" -out "$work/tls.pem" 2>/dev/null
(cd "$work" && mellon_create_metadata "https://localhost:$apache_port/mellon" \
  "https://localhost:$apache_port/mellon" >/dev/null)
mv "$work"/https_localhost_*.xml "$work/jalon.xml"
mv "$work"/https_localhost_*.key "$work/jalon.key"
mv "$work"/https_localhost_*.cert "$work/jalon.cert"
chmod 644 "$work"/*
idp_cert="$(sed '1d;$d' "$work/tls.pem" | tr -d '\n')"
cat >"$work/idp-metadata.xml" <<EOF
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
    entityID="https://idp.example.test/idp/shibboleth">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>$idp_cert</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.example.test/idp/profile/SAML2/Redirect/SSO"/>
  </IDPSSODescriptor>
</EntityDescriptor>
EOF

# The documented files with only the machine-specific parts swapped.
adapt() {
  sed -e "s#/etc/ssl/certs/jalon.example.be.pem#$work/tls.pem#" \
    -e "s#/etc/ssl/private/jalon.example.be.key#$work/tls.key#" \
    -e "s#/etc/apache2/mellon/#$work/#g" \
    -e "s#<VirtualHost \*:80>#<VirtualHost 127.0.0.1:18081>#" \
    -e "s#<VirtualHost \*:443>#<VirtualHost 127.0.0.1:$apache_port>#" \
    -e "s#http://127.0.0.1:3000/#http://127.0.0.1:$backend_port/#g" \
    "$1"
}
modules=/usr/lib/apache2/modules
server_conf() { # $1: the site file, $2: extra module lines
  cat <<EOF
ServerRoot "$work"
PidFile "$work/apache.pid"
ErrorLog "$work/error.log"
LogLevel warn
Listen 127.0.0.1:$apache_port
Listen 127.0.0.1:18081
User www-data
Group www-data
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule authn_core_module $modules/mod_authn_core.so
LoadModule authz_user_module $modules/mod_authz_user.so
LoadModule alias_module $modules/mod_alias.so
LoadModule headers_module $modules/mod_headers.so
LoadModule proxy_module $modules/mod_proxy.so
LoadModule proxy_http_module $modules/mod_proxy_http.so
LoadModule ssl_module $modules/mod_ssl.so
LoadModule socache_shmcb_module $modules/mod_socache_shmcb.so
$2
Include "$1"
EOF
}

adapt "$repo/docs/proxy/jalon-mellon.conf" >"$work/site-mellon.conf"
server_conf "$work/site-mellon.conf" "LoadModule auth_mellon_module $modules/mod_auth_mellon.so" >"$work/mellon.conf"
apache2 -t -f "$work/mellon.conf" 2>&1 | grep -q "Syntax OK" || fail "mod_auth_mellon config: $(apache2 -t -f "$work/mellon.conf" 2>&1)"
echo "ok: docs/proxy/jalon-mellon.conf passes apache2 -t with mod_auth_mellon"

if command -v shibd >/dev/null && [[ -f $modules/mod_shib.so ]]; then
  # The excerpt's ApplicationDefaults put in Debian's own shibboleth2.xml, files beside it.
  cp /etc/shibboleth/attribute-map.xml /etc/shibboleth/attribute-policy.xml "$work/"
    cp "$work/jalon.key" "$work/sp-key.pem"
  cp "$work/jalon.cert" "$work/sp-cert.pem"
  node -e '
    const fs = require("node:fs");
    const [base, excerpt, out, work] = process.argv.slice(1);
    const full = fs.readFileSync(base, "utf8");
    const mine = fs.readFileSync(excerpt, "utf8").replace(/<!--[\s\S]*?-->/g, "")
      .replace(/path="([^"/][^"]*)"/g, `path="${work}/$1"`)
      .replace(/(key|certificate)="(sp-[a-z]+\.pem)"/g, `$1="${work}/$2"`)
      .replace("https://idp.example.be/idp/shibboleth", "https://idp.example.test/idp/shibboleth");
    const start = full.indexOf("<ApplicationDefaults");
    const end = full.indexOf("</ApplicationDefaults>") + "</ApplicationDefaults>".length;
    if (start < 0 || end < start) throw new Error("no ApplicationDefaults in " + base);
    fs.writeFileSync(out, full.slice(0, start) + mine.trim() + full.slice(end));
  ' /etc/shibboleth/shibboleth2.xml "$repo/docs/proxy/shibboleth2-excerpt.xml" "$work/shibboleth2.xml" "$work"
  shibd -t -c "$work/shibboleth2.xml" >"$work/shibd-t.log" 2>&1 || fail "shibd -t: $(cat "$work/shibd-t.log")"
  echo "ok: docs/proxy/shibboleth2-excerpt.xml in Debian's shibboleth2.xml passes shibd -t"
  adapt "$repo/docs/proxy/jalon-shibboleth.conf" >"$work/site-shib.conf"
  server_conf "$work/site-shib.conf" "LoadModule mod_shib $modules/mod_shib.so
ShibConfig $work/shibboleth2.xml" >"$work/shib.conf"
  apache2 -t -f "$work/shib.conf" 2>&1 | grep -q "Syntax OK" || fail "Shibboleth config: $(apache2 -t -f "$work/shib.conf" 2>&1)"
  echo "ok: docs/proxy/jalon-shibboleth.conf passes apache2 -t with mod_shib"
else
  fail "shibd or mod_shib is not installed"
fi

# The mellon file for real, in front of a backend echoing the identity headers it received.
node -e '
  require("node:http").createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ path: req.url, email: req.headers["x-jalon-email"] ?? null,
      name: req.headers["x-jalon-name"] ?? null, groups: req.headers["x-jalon-groups"] ?? null }));
  }).listen(Number(process.argv[1]), "127.0.0.1");
' "$backend_port" &
pids+=($!)
for _ in $(seq 50); do
  curl -s "http://127.0.0.1:$backend_port/" >/dev/null 2>&1 && break
  sleep 0.1
done
apache2 -f "$work/mellon.conf" -k start
for _ in $(seq 50); do
  [[ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$apache_port/")" == 200 ]] && break
  sleep 0.1
done
forged=(-H "X-Jalon-Email: forged@attacker.example" -H "X-Jalon-Name: Forged" -H "X-Jalon-Groups: admins")
answer="$(curl -sk "${forged[@]}" "https://127.0.0.1:$apache_port/api/v1/plans")"
[[ "$answer" == '{"path":"/api/v1/plans","email":null,"name":null,"groups":null}' ]] ||
  fail "forged identity headers reached the backend: $answer"
echo "ok: identity headers a browser sends never reach Jalon ($answer)"
jar="$work/cookies"
status="$(curl -sk -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' "${forged[@]}" \
  "https://127.0.0.1:$apache_port/api/v1/auth/header/sign-in")"
[[ "$status" == "303 https://127.0.0.1:$apache_port/mellon/login?ReturnTo="* ]] ||
  fail "the header sign-in address without a SAML session answered: $status"
status="$(curl -sk -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' "${status#* }")"
[[ "$status" == 30[23]" https://idp.example.test/idp/profile/SAML2/Redirect/SSO?SAMLRequest="* ]] ||
  fail "mellon's login did not send the browser to the IdP: $status"
echo "ok: /api/v1/auth/header/sign-in without a SAML session goes to the IdP (${status%%\?*}?SAMLRequest=…)"
echo "all checks passed"
