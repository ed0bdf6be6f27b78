#!KAMAILIO
#
# Callboard SIP server (Kamailio 5.6).
#
# This is a TEMPLATE: kamailio.mjs replaces every placeholder (double braces) and writes the result into a run
# folder (never /etc/kamailio). See README.md in this folder for the call flow and choices.
#
#   trunk (UDP/TCP {{SIP_PORT}}) --INVITE sales number--> registrar/router --> extensions (WS {{WS_PORT}} or UDP)
#   every call step --> evapi ({{EVAPI_PORT}}) --> pbx-bridge --> CRM
#   CRM <-- bridge routing relay (evapi, suspended INVITE) or http_client GET /api/internal/routing (whom to ring)
#   JSON-RPC (dlg.list, ul.dump) on http://127.0.0.1:{{RPC_PORT}}/RPC
#   with TLS: SIP over TLS ({{TLS_PORT}}) and WSS ({{WSS_PORT}}); with a database: desk-phone accounts
#   (auth_db on the sip_device_credentials view), deactivated users refused, blocks recorded
{{TLS_DEFINE}}
{{DB_DEFINE}}

####### Global parameters #########
debug={{DEBUG_LEVEL}}
log_stderror=yes
log_prefix="{{LOG_PREFIX}}"
memdbg=5
memlog=5
children={{CHILDREN}}
tcp_children={{CHILDREN}}
auto_aliases=no
server_header="Server: Callboard"
user_agent_header="User-Agent: Callboard"
server_signature=no

{{LISTEN}}
# JSON-RPC over HTTP for the bridge: loopback only.
listen=tcp:127.0.0.1:{{RPC_PORT}}

alias="{{SIP_DOMAIN}}"

#!ifdef WITH_DB
# usrloc's table versions live beside the CRM's tables under a name that says whose they are
version_table="kamailio_version"
#!endif

# WebSocket upgrade and JSON-RPC arrive as HTTP without Content-Length.
tcp_accept_no_cl=yes
tcp_connection_lifetime=3605
# Every TCP/TLS/WS connection holds its read buffer in shared memory from accept on (-m 128 MB). At
# 4,096 x 64 KB, about 2,000 idle connections from one address (no request needed) exhausted shared
# memory and broke every call (ADR 0018): 2,048 x 32 KB (at most 64 MB) stays well inside. A
# message must fit the buffer: 32 KB holds the largest offer REQINIT lets through (16 KB of SDP).
tcp_max_connections=2048
tls_max_connections=1024
tcp_rd_buf_size=32768
# Hostile headers (8 KB display names) must not break value handling in script variables.
pv_buffer_size=65536
pv_buffer_slots=20
# replay_from walks the outbox in a loop (default limit is 100 iterations).
max_while_loops=100000
dns=no
rev_dns=no
use_dns_cache=no

#!ifdef WITH_TLS
enable_tls=yes
#!endif

mpath="{{MODULES_DIR}}"

####### Modules ########
#!ifdef WITH_TLS
loadmodule "tls.so"
#!endif
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "auth.so"
loadmodule "auth_ephemeral.so"
loadmodule "nathelper.so"
loadmodule "htable.so"
loadmodule "dialog.so"
loadmodule "xhttp.so"
loadmodule "websocket.so"
loadmodule "jsonrpcs.so"
loadmodule "jansson.so"
loadmodule "evapi.so"
loadmodule "http_client.so"
loadmodule "cfgutils.so"
loadmodule "tcpops.so"
#!ifdef WITH_DB
loadmodule "db_postgres.so"
loadmodule "auth_db.so"
loadmodule "sqlops.so"
#!endif
{{RTPENGINE_DEFINE}}
#!ifdef WITH_RTPENGINE
loadmodule "rtpengine.so"
#!endif

####### Module parameters ########
# tm: INVITE ring time is set per transaction with t_set_fr (fr_inv_timer did not apply to WS
# ring-group branches, see TELEPHONY-NOTES); the modparam is only the upper bound.
modparam("tm", "fr_timer", 5000)
modparam("tm", "fr_inv_timer", {{NO_ANSWER_MS}})
modparam("tm", "max_inv_lifetime", {{MAX_INV_LIFETIME_MS}})
modparam("tm", "failure_reply_mode", 3)
modparam("tm", "auto_inv_100", 1)

# rr: double Record-Route bridges UDP <-> WS; from-tag lets us tell BYE directions apart.
modparam("rr", "enable_double_rr", 1)
modparam("rr", "append_fromtag", 1)

# Registrar: one AOR per extension, plus every contact again under sip:all@ in the "ringall"
# table (the fallback when the CRM cannot answer). With a database both are written through to
# PostgreSQL (tables location and ringall, ADR 0016) and loaded at start: a restart keeps every
# registration, so a desk phone rings at once; without one they live in memory only.
#!ifdef WITH_DB
modparam("usrloc", "db_url", "{{DB_URL}}")
modparam("usrloc", "db_mode", 1)
#!else
modparam("usrloc", "db_mode", 0)
#!endif
modparam("usrloc", "use_domain", 0)
modparam("usrloc", "timer_interval", 10)
# a browser tab that went away (WS closed) is no longer rung
modparam("usrloc", "handle_lost_tcp", 1)
modparam("usrloc", "close_expired_tcp", 1)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "min_expires", 30)
modparam("registrar", "default_expires", 600)
modparam("registrar", "append_branches", 1)
modparam("registrar", "method_filtering", 0)
modparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")
modparam("nathelper", "natping_interval", 0)

# Ephemeral credentials: username "<expiry-unix-ts>:<extension>",
# password base64(HMAC-SHA1(secret, username)); issued by the backend.
modparam("auth", "nonce_expire", 60)
modparam("auth_ephemeral", "secret", "{{SHARED_SECRET}}")
modparam("auth_ephemeral", "username_format", 1)
modparam("auth_ephemeral", "sha_algorithm", 0)

#!ifdef WITH_TLS
modparam("tls", "config", "{{TLS_CFG}}")
#!endif

#!ifdef WITH_DB
# Desk phones: digest against sip_device_credentials (username, ha1 = md5(username:realm:password)
# with realm = the SIP domain, extension of the owner; only devices of active users are listed).
modparam("auth_db", "db_url", "{{DB_URL}}")
modparam("auth_db", "calculate_ha1", 0)
modparam("auth_db", "user_column", "username")
modparam("auth_db", "password_column", "ha1")
modparam("auth_db", "use_domain", 0)
modparam("auth_db", "version_table", 0)
modparam("auth_db", "load_credentials", "$avp(dev_ext)=extension")
# sqlops: registration facts into sip_devices, users.active, sip_auth_blocks
modparam("sqlops", "sqlcon", "cb=>{{DB_URL}}")
#!endif

# htables
#  state   : boot id and the event sequence counter
#  outbox  : every emitted event by seq, kept {{OUTBOX_TTL}} s for replay_from after a bridge reconnect
#  calls   : per-call facts (caller from-tag, answered flag, direction)
#  br      : "<callid>|<branch index>" -> extension rung on that branch
#  c2u     : registered contact URI -> extension
#  trunk   : trunk source addresses;  sales : sales numbers
#  rl      : flood counters in 2 s buckets;  cb : CRM circuit breaker (open = skip the routing query)
modparam("htable", "htable", "state=>size=2;")
modparam("htable", "htable", "outbox=>size=12;autoexpire={{OUTBOX_TTL}};")
modparam("htable", "htable", "calls=>size=10;autoexpire=14400;")
modparam("htable", "htable", "br=>size=10;autoexpire=600;")
modparam("htable", "htable", "c2u=>size=10;autoexpire=7300;")
modparam("htable", "htable", "trunk=>size=4;")
modparam("htable", "htable", "sales=>size=4;")
modparam("htable", "htable", "rl=>size=12;autoexpire=6;")
modparam("htable", "htable", "cb=>size=2;autoexpire={{CRM_BREAKER_SEC}};")
#  af : authentication failures per "p:<address>|<user>" and "a:<address>";  ab : blocked pairs/addresses
#  uact : users.active by "<extension>:<second>" (at most one query per extension and second)
modparam("htable", "htable", "af=>size=10;autoexpire={{AUTH_BLOCK_SEC}};")
modparam("htable", "htable", "ab=>size=8;autoexpire={{AUTH_BLOCK_SEC}};")
modparam("htable", "htable", "uact=>size=8;autoexpire=2;")
#  devw : the last registration facts written per device (a refresh that changes nothing is not written)
modparam("htable", "htable", "devw=>size=10;autoexpire=60;")
#  wsr : WebSocket connection "ip:port" -> the extension registered over it (unregistered when it closes)
#  wsc : WebSocket connections that closed, for the end reason of their calls (transport_closed)
modparam("htable", "htable", "wsr=>size=10;autoexpire=7300;")
modparam("htable", "htable", "wsc=>size=8;autoexpire=120;")

# dialog: ended events come from event_route[dialog:end] (BYE or timeout).
modparam("dialog", "default_timeout", {{DIALOG_TIMEOUT_SEC}})
modparam("dialog", "enable_stats", 1)
# outbound calls per extension (early and confirmed dialogs), against the dial policy's limit;
# wsconn: the WebSocket connection ("ip:port") of each browser leg, to end its calls when it closes
modparam("dialog", "profiles_with_value", "outbound;wsconn")
# Dead endpoints (ADR 0016): a dialog that times out, or whose phone stops answering in-dialog
# OPTIONS (every {{DIALOG_KA_SEC}} s, 30 s being the module's minimum; one 408/481 ends it 10 s later), is
# ended with a BYE to both sides, so the carrier's leg goes too and dialog:end reports it.
modparam("dialog", "send_bye", 1)
modparam("dialog", "ka_timer", 1)
modparam("dialog", "ka_interval", {{DIALOG_KA_SEC}})
modparam("dialog", "ka_failed_limit", 1)

modparam("jsonrpcs", "transport", 1)
modparam("jsonrpcs", "pretty_format", 0)

modparam("evapi", "bind_addr", "127.0.0.1:{{EVAPI_PORT}}")
modparam("evapi", "workers", 1)
modparam("evapi", "netstring_format", 1)
modparam("evapi", "max_clients", 8)

# http_client in 5.6 only knows whole seconds: 1 s is the strictest timeout. A timeout or error
# opens the circuit breaker (cb) for {{CRM_BREAKER_SEC}} s so later calls do not wait on a dead CRM.
modparam("http_client", "connection_timeout", {{ROUTING_TIMEOUT_SEC}})
modparam("http_client", "query_result", 0)
modparam("http_client", "query_maxdatasize", 16384)
modparam("http_client", "httpredirect", 0)
modparam("http_client", "useragent", "Callboard-SIP")

#!ifdef WITH_RTPENGINE
# rtpengine (started before Kamailio, see rtpengine.mjs): a failed ng request disables it only
# for 2 s, not the default 60 s.
# Several instances are one set (ADR 0039): a new call goes to the instance its Call-ID hashes to
# (CRC32, by weight, among the enabled ones); the module then keeps (Call-ID, via-branch) -> instance
# in its hash table, so each branch's answer and the call's delete go where its offer went. Entries
# live as long as a dialog may (the default 1 h is shorter than a long call); a delete removes them.
# An instance that fails a request is disabled and the request is sent to the next one.
modparam("rtpengine", "rtpengine_sock", "{{RTPENGINE_SOCK}}")
modparam("rtpengine", "rtpengine_disable_tout", 2)
modparam("rtpengine", "rtpengine_tout_ms", 1000)
modparam("rtpengine", "rtpengine_retr", 2)
modparam("rtpengine", "hash_algo", 2)
modparam("rtpengine", "hash_table_tout", {{DIALOG_TIMEOUT_SEC}})
#!endif

# A WebSocket idle for {{WS_KEEPALIVE_SEC}} s gets a Ping; no Pong (nor anything else) in the next {{WS_KEEPALIVE_SEC}} s
# closes it, which runs event_route[websocket:closed]: a browser whose network died is noticed within
# 2 x {{WS_KEEPALIVE_SEC}} s + 1 s, a closed tab at once.
modparam("websocket", "keepalive_mechanism", 1)
modparam("websocket", "keepalive_timeout", {{WS_KEEPALIVE_SEC}})
modparam("websocket", "keepalive_interval", 1)

####### Startup ########
event_route[htable:mod-init] {
	$sht(state=>seq) = 0;
	$var(rnd) = $RANDOM;
	$sht(state=>boot) = $_s(k$Ts-$var(rnd));
{{TRUNK_INIT}}
{{SALES_INIT}}
}

####### Routing logic ########
request_route {
	$avp(hup) = $null;
	route(REQINIT);
	route(NATDETECT);

	if (is_method("CANCEL")) {
		if (t_check_trans()) {
			# the INVITE is still suspended for routing (ADR 0017): nothing rings yet and tm answers 487
			# itself, without a failure route, so the missed call is reported here
			if ($sht(calls=>rtw:$ci) != $null && route(ROUTING_CLAIM)) {
				$var(reason) = "caller_cancelled";
				$var(code) = 487;
				route(EV_MISSED);
			}
			route(RELAY);
		}
		exit;
	}

	route(WITHINDLG);

	# absorb retransmissions of requests that already have a transaction
	if (!is_method("ACK")) {
		if (t_precheck_trans()) {
			t_check_trans();
			exit;
		}
		t_check_trans();
	}

	if (is_method("REGISTER")) {
		route(REGISTRAR);
		exit;
	}

	if (is_method("OPTIONS") && $rU == $null) {
		sl_send_reply("200", "Keepalive");
		exit;
	}

	if (!is_method("INVITE")) {
		sl_send_reply("405", "Method Not Allowed");
		exit;
	}

	if ($rU == $null) {
		sl_send_reply("484", "Address Incomplete");
		exit;
	}

	remove_hf("Route");

	if (route(IS_SALES_NUMBER)) {
		if (!route(FROM_TRUNK)) {
			xlog("L_WARN", "[$ci] INVITE to sales number $rU from non-trunk $si:$sp ($proto) rejected\n");
			sl_send_reply("403", "Forbidden");
			exit;
		}
		route(INBOUND);
		exit;
	}

	# The carrier's call after a REFER to a team extension (a blind transfer of an outbound call, or
	# an attended transfer whose Replaces names the consult call): an inbound call that only the
	# transfer token lets in (route[CRM_TRANSFER]); without the header, as before (AUTH).
	if ($rU =~ "{{EXTENSION_REGEX}}" && is_present_hf("X-Callboard-Transfer") && route(FROM_TRUNK)) {
		route(INBOUND);
		exit;
	}

	# everything else needs an authenticated extension
	route(AUTH);

	if ($rU =~ "{{EXTENSION_REGEX}}") {
		route(INTERNAL);
		exit;
	}
	if ($rU =~ "{{EXTERNAL_REGEX}}") {
		route(OUTBOUND);
		exit;
	}
	sl_send_reply("404", "Not Found");
	exit;
}

route[RELAY] {
	if (!t_relay()) {
		sl_reply_error();
	}
	exit;
}

route[REQINIT] {
	# flood protection; the trunk is trusted (it carries every call from one address)
	if (!route(FROM_TRUNK)) {
		route(FLOOD);
	}
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (!sanity_check("17895", "7")) {
		xlog("L_WARN", "malformed SIP message from $si:$sp ($proto)\n");
		exit;
	}
	# The Call-ID names the call everywhere (events, logs, the CRM's unique key, at most 255): printable
	# ASCII of at most 255 bytes, or the request is refused. Checked on its hex form, since a regular
	# expression stops at a NUL byte.
	if ($(ci{s.len}) > 255) {
		route(BAD_CALL_ID);
	}
	$var(cih) = $(ci{s.encode.hexa});
	if (!($var(cih) =~ "^(2[1-9a-fA-F]|[3-6][0-9a-fA-F]|7[0-9a-eA-E])+$")) {
		route(BAD_CALL_ID);
	}
	# An offer is at most 16 KB with at most 8 media streams: rtpengine reserves ports for each stream
	# of each fork branch, and one INVITE with hundreds of m= lines would take every port it has.
	# (m= lines counted as the "=" left once every other line is blanked)
	if (is_method("INVITE|UPDATE") && has_body("application/sdp")) {
		if ($cl > 16384) {
			route(SDP_REFUSED);
		}
		$var(mlines) = $(rb{re.subst,/^([^m]|m[^=]).*$//g}{s.count,=});
		if ($var(mlines) > 8) {
			route(SDP_REFUSED);
		}
	}
	# SIP on the JSON-RPC port is not served
	if ($Rp == {{RPC_PORT}}) {
		exit;
	}
	# the WebSocket ports carry SIP over WS/WSS only (not plain SIP over TCP/TLS)
	if ($Rp == {{WS_PORT}} && !(proto == WS || proto == WSS)) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
#!ifdef WITH_TLS
	if ($Rp == {{WSS_PORT}} && proto != WSS) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
#!endif
}

# Flood limits, in 2-second buckets (the key carries the bucket, so counters reset by themselves):
#  - per source ip:port (one phone or one browser tab): {{LIMIT_PER_SOCKET}} requests
#  - per source ip (a whole office behind one NAT):      {{LIMIT_PER_IP}} requests
# Over the limit the request is dropped silently (no amplification). Per-user limits are in AUTH.
route[FLOOD] {
	$var(bucket) = $Ts / 2;
	$var(k) = $_s(s:$si:$sp:$var(bucket));
	if ($sht(rl=>$var(k)) == $null) {
		$sht(rl=>$var(k)) = 0;
	}
	$var(n) = $shtinc(rl=>$var(k));
	if ($var(n) > {{LIMIT_PER_SOCKET}}) {
		if ($var(n) == {{LIMIT_PER_SOCKET}} + 1) {
			xlog("L_WARN", "flood: $si:$sp over {{LIMIT_PER_SOCKET}} requests/2s, dropping\n");
		}
		exit;
	}
	$var(k) = $_s(i:$si:$var(bucket));
	if ($sht(rl=>$var(k)) == $null) {
		$sht(rl=>$var(k)) = 0;
	}
	$var(n) = $shtinc(rl=>$var(k));
	if ($var(n) > {{LIMIT_PER_IP}}) {
		if ($var(n) == {{LIMIT_PER_IP}} + 1) {
			xlog("L_WARN", "flood: $si over {{LIMIT_PER_IP}} requests/2s, dropping\n");
		}
		exit;
	}
}

# A reply that matches no transaction would be relayed statelessly to its second Via: to any address
# a sender names, past every flood limit (this server as a reflector; ADR 0018). Only a 2xx to an
# INVITE of a call we track may (a retransmission after its transaction ended, see onreply_route).
route[REPLYINIT] {
	if (t_check_trans()) {
		return;
	}
	if (is_method("INVITE") && $rs >= 200 && $rs < 300) {
		if ($sht(calls=>kind:$ci) != $null || is_known_dlg()) {
			return;
		}
	}
	drop;
}

route[SDP_REFUSED] {
	xlog("L_WARN", "$rm from $si:$sp ($proto) with an SDP offer of $cl bytes or over 8 media streams refused\n");
	sl_send_reply("488", "Not Acceptable Here");
	exit;
}

route[BAD_CALL_ID] {
	xlog("L_WARN", "$rm from $si:$sp ($proto) with a Call-ID that is not 1-255 printable characters refused\n");
	if (!is_method("ACK")) {
		sl_send_reply("400", "Bad Call-ID");
	}
	exit;
}

route[FROM_TRUNK] {
	if (proto == WS || proto == WSS) {
		return -1;
	}
	if ($sht(trunk=>$si) != $null) {
		return 1;
	}
	return -1;
}

route[IS_SALES_NUMBER] {
	if ($sht(sales=>$rU) != $null) {
		return 1;
	}
	return -1;
}

route[NATDETECT] {
	if (proto == WS || proto == WSS || nat_uac_test("19")) {
		force_rport();
		if (is_method("REGISTER")) {
			fix_nated_register();
		} else if (!has_totag() || is_method("INVITE|UPDATE|NOTIFY|SUBSCRIBE|REFER")) {
			if (!add_contact_alias()) {
				xlog("L_WARN", "[$ci] cannot alias contact <$ct> from $si:$sp\n");
			}
		}
		setflag(5);
	}
}

route[WITHINDLG] {
	if (!has_totag()) {
		return;
	}
	if (is_method("BYE")) {
		# who hung up: compare with the caller's From tag saved with the INVITE
		if ($sht(calls=>ftag:$ci) != $null) {
			if ($ft == $sht(calls=>ftag:$ci)) {
				$avp(hup) = "caller";
			} else {
				$avp(hup) = "callee";
			}
		}
	}
	if (loose_route()) {
		# only dialogs this server set up are relayed: a forged Route/To-tag never reaches anyone
		if (!is_known_dlg()) {
			xlog("L_WARN", "[$ci] in-dialog $rm from $si:$sp for an unknown dialog refused\n");
			if (!is_method("ACK")) {
				sl_send_reply("404", "Dialog Not Found");
			}
			exit;
		}
		if (is_method("REFER") && !route(REFER_CHECK)) {
			exit;
		}
		if ($du == "") {
			if (!handle_ruri_alias()) {
				xlog("L_WARN", "[$ci] bad alias <$ru>\n");
				sl_send_reply("400", "Bad Request");
				exit;
			}
		}
		if (is_method("BYE")) {
			route(MEDIA_DELETE);
		}
		if (is_method("INVITE|UPDATE")) {
			route(MEDIA_OFFER);
			t_on_reply("REPLY_INDIALOG");
		}
		# REFER (blind or attended transfer, ADR 0005; its target checked in REFER_CHECK) and its NOTIFYs are
		# relayed as they are: the carrier acts on the REFER; no SDP, so rtpengine is not involved
		if (is_method("REFER")) {
			xlog("L_NOTICE", "[$ci] REFER from $si:$sp ($proto) relayed toward $ru\n");
		}
		# An ACK for a 2xx goes on statelessly. Through tm it could match the ACK this server sent
		# itself to a phone that lost an answer race (same Call-ID, From tag and CSeq: tm logs
		# "negative or local ACK caught") and be absorbed: the winner never got its ACK (issue 12).
		if (is_method("ACK")) {
			if (!forward()) {
				xlog("L_WARN", "[$ci] ACK toward $du$ru could not be forwarded\n");
			}
			exit;
		}
		route(RELAY);
	}
	if (is_method("ACK")) {
		if (t_check_trans()) {
			t_relay();
		}
		exit;
	}
	sl_send_reply("404", "Not Here");
	exit;
}

# A REFER makes its receiver (the carrier) place a new call to the Refer-To, so it is checked like
# an outbound call (ADR 0009). Allowed targets only, each with a transfer token pending for this very
# call and issued for that Refer-To (GET /api/internal/refer-check, which does not consume it):
#  - sip:<sales number>@{{SIP_DOMAIN}}?X-Callboard-Transfer=<token>: blind transfer of an inbound call;
#  - sip:<registered team extension>@{{SIP_DOMAIN}}?X-Callboard-Transfer=<token>: blind transfer of
#    an outbound call (no number of ours in it);
#  - sip:<registered team extension>@{{SIP_DOMAIN}}?Replaces=<dialog>&X-Callboard-Transfer=<token>:
#    attended transfer. The CRM is told the parties of the dialog the Replaces names, as this
#    server knows them (an extension-to-extension call still up), so a Replaces naming a dialog
#    that does not exist or is not between the rep and the target is refused.
# Anything else is refused (403) and never relayed; CRM unreachable -> 503.
route[REFER_CHECK] {
	if ($hdrc(Refer-To) != 1 || $rt == $null) {
		xlog("L_WARN", "[$ci] REFER from $si:$sp without one Refer-To refused\n");
		sl_send_reply("400", "Bad Refer-To");
		return -1;
	}
	$var(rt_user) = $(rt{uri.user});
	$var(rt_host) = $(rt{uri.host});
	$var(rt_hdrs) = $(rt{uri.headers});
	if ($var(rt_host) != "{{SIP_DOMAIN}}") {
		route(REFER_REFUSED);
		return -1;
	}
	$var(facts) = "&user=" + $(var(rt_user){s.escape.param}{s.replace,+,%2B});
	if ($var(rt_user) =~ "{{EXTENSION_REGEX}}") {
		if (!registered("location", "sip:$var(rt_user)@{{SIP_DOMAIN}}")) {
			route(REFER_REFUSED);
			return -1;
		}
		if ($var(rt_hdrs) =~ "^Replaces=[^&]{1,600}&X-Callboard-Transfer=[A-Za-z0-9_-]{16,64}$") {
			$var(token) = $(var(rt_hdrs){s.select,1,&}{s.select,1,=});
			$var(replaces) = $(var(rt_hdrs){s.select,0,&}{s.substr,9,0}{s.unescape.param});
			$var(rcid) = $(var(replaces){s.select,0,;});
			$var(consult) = "";
			if ($sht(calls=>int:$var(rcid)) != $null) {
				$var(consult) = $sht(calls=>int:$var(rcid));
			}
			xlog("L_NOTICE", "[$ci] REFER to extension $var(rt_user) replacing $var(rcid) (consult [$var(consult)])\n");
			$var(facts) = $var(facts) + "&replaces=" + $(var(rcid){s.escape.param}{s.replace,+,%2B}) + "&consult=" + $(var(consult){s.escape.param});
		} else if ($var(rt_hdrs) =~ "^X-Callboard-Transfer=[A-Za-z0-9_-]{16,64}$") {
			$var(token) = $(var(rt_hdrs){s.select,1,=});
		} else {
			route(REFER_REFUSED);
			return -1;
		}
	} else if ($sht(sales=>$var(rt_user)) != $null && $var(rt_hdrs) =~ "^X-Callboard-Transfer=[A-Za-z0-9_-]{16,64}$") {
		$var(token) = $(var(rt_hdrs){s.select,1,=});
	} else {
		route(REFER_REFUSED);
		return -1;
	}
	if ($sht(cb=>open) != $null) {
		xlog("L_WARN", "[$ci] REFER while the CRM breaker is open: 503\n");
		sl_send_reply("503", "Service Unavailable");
		return -1;
	}
	$var(url) = "{{BACKEND_URL}}/api/internal/refer-check?callId=" + $(ci{s.escape.param}{s.replace,+,%2B}) + "&token=" + $var(token) + $var(facts);
	$var(body) = "";
	$var(code) = http_client_query("$var(url)", "", "Authorization: Bearer {{SERVICE_TOKEN}}", "$var(body)");
	if ($var(code) != 200) {
		xlog("L_WARN", "[$ci] CRM refer check failed (code $var(code)): 503\n");
		route(CRM_FAILED);
		sl_send_reply("503", "Service Unavailable");
		return -1;
	}
	$var(allowed) = "missing";
	jansson_get("allowed", "$var(body)", "$var(allowed)");
	$var(allowed) = $_s($var(allowed));
	if ($var(allowed) != "1" && $var(allowed) != "true") {
		route(REFER_REFUSED);
		return -1;
	}
	return 1;
}

route[REFER_REFUSED] {
	xlog("L_WARN", "[$ci] REFER from $si:$sp to a target that is not an allowed transfer refused\n");
	append_to_reply("Warning: 399 callboard \"Transfer target not allowed\"\r\n");
	sl_send_reply("403", "Transfer Target Not Allowed");
}

# Opens the CRM circuit breaker after a transport failure or a server error (not after a 4xx: a
# question the CRM refused to parse says nothing about its health).
route[CRM_FAILED] {
	if ($var(code) <= 0 || $var(code) >= 500) {
		$sht(cb=>open) = 1;
	}
}

########## Authentication: browsers (ephemeral credentials), desk phones (accounts in PostgreSQL) ##########
# Who is asking is told by the digest username: "<expiry>:<extension>" is an ephemeral credential
# (auth_ephemeral, ADR 0004); anything else is a desk-phone account (auth_db on the
# sip_device_credentials view, ADR 0008), known only when Kamailio has a database. The realm is
# always the SIP domain (a device's HA1 is md5(username:domain:password)). Every failed check counts
# toward a block of (address, user) and of the address (AUTH_FAILED); a block refuses unchecked.
route[REGISTRAR] {
	if (!is_present_hf("Authorization")) {
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
	route(AUTH_WHO);
	route(AUTH_BLOCKED);
	if ($var(device) == 1) {
		$var(ext) = "";
#!ifdef WITH_DB
		# flag 1: the auth username must be the To user
		$var(rc) = auth_check("{{SIP_DOMAIN}}", "sip_device_credentials", "1");
		if ($var(rc) < 0) {
			route(AUTH_FAILED);
		}
		$var(ext) = $avp(dev_ext);
#!endif
	} else {
		route(EPH_EXPIRED);
		$var(rc) = autheph_www("{{SIP_DOMAIN}}");
		if ($var(rc) < 0) {
			route(AUTH_FAILED);
		}
		if (!autheph_check_to()) {
			xlog("L_WARN", "REGISTER for $tU with credentials of another user from $si:$sp\n");
			$var(rc) = -8;
			route(AUTH_FAILED);
		}
		$var(ext) = $tU;
		route(ACTIVE_USER);
	}
	$avp(caller_ext) = $var(ext);
	route(USER_LIMIT);
	consume_credentials();
	$var(curi) = "";
	if ($ct == "*") {
		if ($var(device) == 1) {
			# "unregister everything" from one phone must not drop its owner's other phones and
			# browsers (they share the extension's AOR): its own contact expires or is replaced
			xlog("L_NOTICE", "REGISTER Contact * from device $var(who) ($si:$sp): accepted, other contacts of $var(ext) kept\n");
			route(DEVICE_UNREGISTERED);
			sl_send_reply("200", "OK");
			exit;
		}
	} else if ($ct != $null) {
		# the contact every extension is reached at, to name the extension on each fork branch
		$var(curi) = $(ct{nameaddr.uri});
		$sht(c2u=>$var(curi)) = $var(ext);
	}
	# second copy under one AOR, for "ring everyone" when the CRM cannot answer
	save("ringall", "0x02", "sip:all@{{SIP_DOMAIN}}");
	# written before save() replies: the phone's next REGISTER (e.g. Contact *) must find it done
	if ($var(device) == 1) {
		route(DEVICE_REGISTERED);
	}
	# a desk phone is saved under its owner's extension: routing, forks and transfers see one user
	if (!save("location", "0x00", "sip:$var(ext)@{{SIP_DOMAIN}}")) {
		sl_reply_error();
		exit;
	}
	if (proto == WS || proto == WSS) {
		$sht(wsr=>$si:$sp) = $var(ext);
	}
	xlog("L_NOTICE", "REGISTER ext $var(ext) contact <$var(curi)> from $si:$sp ($proto)\n");
	exit;
}

route[AUTH] {
	if (!is_present_hf("Proxy-Authorization")) {
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
	route(AUTH_WHO);
	route(AUTH_BLOCKED);
	if ($var(device) == 1) {
		$var(ext) = "";
#!ifdef WITH_DB
		# flag 1: the auth username must be the From user
		$var(rc) = auth_check("{{SIP_DOMAIN}}", "sip_device_credentials", "1");
		if ($var(rc) < 0) {
			route(AUTH_FAILED);
		}
		$var(ext) = $avp(dev_ext);
#!endif
	} else {
		route(EPH_EXPIRED);
		$var(rc) = autheph_proxy("{{SIP_DOMAIN}}");
		if ($var(rc) < 0) {
			route(AUTH_FAILED);
		}
		if (!autheph_check_from()) {
			$var(rc) = -8;
			route(AUTH_FAILED);
		}
		$var(ext) = $fU;
		route(ACTIVE_USER);
	}
	# the calling extension (a desk phone calls as its owner): events, limits and dial rules use it
	$avp(caller_ext) = $var(ext);
	route(USER_LIMIT);
	consume_credentials();
}

# $var(who): whom failures are counted for (a device's username, an ephemeral credential's
# extension); $var(device): 1 for a desk-phone account.
route[AUTH_WHO] {
	$var(device) = 0;
	$var(au) = $(aU{s.substr,0,128});
#!ifdef WITH_DB
	if (!($var(au) =~ ":")) {
		$var(device) = 1;
	}
#!endif
	if ($var(au) =~ ":") {
		$var(au) = $(var(au){s.select,-1,:});
	}
	# printable ASCII only: the name goes into htable keys, log lines and sip_auth_blocks
	$var(who) = $(var(au){re.subst,/[^ -~]/?/g});
}

# An ephemeral credential past its expiry is refused (challenged again) without counting a failure:
# a browser waking from sleep retries with its old credential, which is no guessing.
route[EPH_EXPIRED] {
	if ($(aU{s.select,0,:}{s.int}) < $Ts) {
		xlog("L_NOTICE", "auth: $rm from $si:$sp for '$var(who)' with an expired credential\n");
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
}

# A blocked (address, user) pair or address is refused without checking its credentials. The trunk
# is never blocked.
route[AUTH_BLOCKED] {
	if (route(FROM_TRUNK)) {
		return;
	}
	$var(bk) = $_s(a:$si);
	if ($sht(ab=>$var(bk)) == $null) {
		$var(bk) = $_s(p:$si|$var(who));
	}
	if ($sht(ab=>$var(bk)) != $null) {
		xlog("L_WARN", "auth: $rm from $si:$sp for '$var(who)' refused unchecked ($var(bk) blocked after repeated failures)\n");
		sl_send_reply("403", "Blocked");
		exit;
	}
}

# $var(rc): the auth function's result. A stale or expired nonce or credentials for another realm are
# challenged again and not counted; a wrong password, unknown user or someone else's identity counts.
route[AUTH_FAILED] {
	if ($var(rc) == -4 || $var(rc) == -5 || $var(rc) == -6) {
		auth_challenge("{{SIP_DOMAIN}}", "1");
		exit;
	}
	xlog("L_NOTICE", "auth: $rm from $si:$sp for '$var(who)' failed ($var(rc))\n");
	route(AUTH_COUNT_FAILURE);
	if ($var(blocked) == 1 || $var(rc) == -8) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
	auth_challenge("{{SIP_DOMAIN}}", "1");
	exit;
}

# {{FAILS_PER_PAIR}} failures of one (address, user) block that pair, {{FAILS_PER_ADDRESS}} of one address (any
# users) the address, for {{AUTH_BLOCK_SEC}} s; a failure-free {{AUTH_BLOCK_SEC}} s forgets the count. An office
# behind one NAT address is locked out only by 50 failures, never by one phone's.
route[AUTH_COUNT_FAILURE] {
	$var(blocked) = 0;
	if (route(FROM_TRUNK)) {
		return;
	}
	$var(k) = $_s(p:$si|$var(who));
	$var(limit) = {{FAILS_PER_PAIR}};
	$var(scope) = "pair";
	route(AUTH_COUNT_ONE);
	$var(k) = $_s(a:$si);
	$var(limit) = {{FAILS_PER_ADDRESS}};
	$var(scope) = "address";
	route(AUTH_COUNT_ONE);
}

# $var(k) counter key, $var(limit), $var(scope)
route[AUTH_COUNT_ONE] {
	sht_lock("af=>$var(k)");
	if ($sht(af=>$var(k)) == $null) {
		$sht(af=>$var(k)) = 0;
	}
	$var(n) = $shtinc(af=>$var(k));
	if ($var(n) >= $var(limit)) {
		$sht(af=>$var(k)) = $null;
	}
	sht_unlock("af=>$var(k)");
	if ($var(n) < $var(limit)) {
		return;
	}
	$var(blocked) = 1;
	$sht(ab=>$var(k)) = 1;
	xlog("L_WARN", "auth: blocking $var(scope) $si '$var(who)' for {{AUTH_BLOCK_SEC}} s after $var(n) failed authentications\n");
#!ifdef WITH_DB
	$var(user) = "NULL";
	if ($var(scope) == "pair") {
		$var(user) = "convert_from(decode('" + $(var(who){s.encode.hexa}) + "', 'hex'), 'UTF8')";
	}
	sql_query("cb", "INSERT INTO sip_auth_blocks (address, username, scope, failures, blocked_until) VALUES ('$si', $var(user), '$var(scope)', $var(n), now() + interval '{{AUTH_BLOCK_SEC}} seconds')");
#!endif
}

# With a database, ephemeral credentials of a deactivated (or unknown) user are refused at once:
# users.active by extension, read at most once per extension and second. A failed query lets the
# request through (logged): a database outage must not take every phone down with it.
route[ACTIVE_USER] {
#!ifdef WITH_DB
	if (!($var(ext) =~ "^[A-Za-z0-9_.+-]{1,32}$")) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
	$var(k) = $_s($var(ext):$Ts);
	# ($var() cannot hold $null: test the htable item itself)
	if ($sht(uact=>$var(k)) != $null) {
		$var(active) = $sht(uact=>$var(k));
	} else {
		sql_query("cb", "SELECT active::int FROM users WHERE extension = '$var(ext)'", "ua");
		if ($rc < 0) {
			xlog("L_ERR", "auth: users.active of $var(ext) could not be read; letting $rm through\n");
			return;
		}
		$var(active) = 0;
		if ($dbr(ua=>rows) > 0) {
			$var(active) = $dbr(ua=>[0,0]);
		}
		sql_result_free("ua");
		$sht(uact=>$var(k)) = $var(active);
	}
	if ($var(active) != 1) {
		xlog("L_WARN", "auth: $rm from $si:$sp with credentials of inactive extension $var(ext): 403\n");
		sl_send_reply("403", "User Deactivated");
		exit;
	}
#!endif
	return;
}

# Registration facts of a desk phone into its sip_devices row. Every value from the phone
# (User-Agent, Contact, username) travels hex-encoded and is decoded by PostgreSQL: nothing it sends
# can end the string literal.
route[DEVICE_REGISTERED] {
#!ifdef WITH_DB
	$var(exp) = 600;
	if (is_present_hf("Expires")) {
		$var(exp) = $(hdr(Expires){s.int});
	}
	if ($ct =~ ";[eE][xX][pP][iI][rR][eE][sS]=[0-9]+") {
		$var(exp) = $(ct{re.subst,/.*;[eE][xX][pP][iI][rR][eE][sS]=([0-9]+).*/\1/}{s.int});
	}
	if ($var(exp) == 0) {
		route(DEVICE_UNREGISTERED);
		return;
	}
	if ($var(exp) < 30) {
		$var(exp) = 30;
	}
	if ($var(exp) > 3600) {
		$var(exp) = 3600;
	}
	$var(ua) = "";
	if (is_present_hf("User-Agent")) {
		$var(ua) = $(hdr(User-Agent){s.substr,0,200}{re.subst,/[^ -~]/?/g});
	}
	# a refresh that changes nothing (same contact, address, transport, expiry, User-Agent) within
	# a minute is not written again: a phone refreshing every 30 s costs no database write
	$var(wv) = $_s($var(curi)|$si:$sp|$pr|$var(exp)|$var(ua));
	if ($sht(devw=>$var(who)) != $null) {
		if ($sht(devw=>$var(who)) == $var(wv)) {
			return;
		}
	}
	$var(q) = "UPDATE sip_devices SET last_registered_at = now(), registered_until = now() + interval '"
		+ $var(exp) + " seconds', last_address = '" + $(si{s.substr,0,100}) + ":" + $sp + "', last_transport = '" + $pr
		+ "', last_user_agent = " + "convert_from(decode('" + $(var(ua){s.encode.hexa}) + "', 'hex'), 'UTF8')"
		+ ", last_contact = " + "convert_from(decode('" + $(var(curi){s.substr,0,512}{s.encode.hexa}) + "', 'hex'), 'UTF8')"
		+ " WHERE username = convert_from(decode('" + $(var(who){s.encode.hexa}) + "', 'hex'), 'UTF8')";
	sql_query("cb", "$var(q)");
	if ($rc < 0) {
		xlog("L_ERR", "device $var(who): registration facts not written\n");
	} else {
		$sht(devw=>$var(who)) = $var(wv);
	}
#!endif
	return;
}

route[DEVICE_UNREGISTERED] {
#!ifdef WITH_DB
	$sht(devw=>$var(who)) = $null;
	sql_query("cb", "UPDATE sip_devices SET registered_until = now() WHERE username = convert_from(decode('$(var(who){s.encode.hexa})', 'hex'), 'UTF8')");
#!endif
	return;
}

# Per extension: at most {{LIMIT_PER_USER}} authenticated requests per 2 s (REGISTER + INVITE).
route[USER_LIMIT] {
	$var(bucket) = $Ts / 2;
	$var(k) = $_s(u:$avp(caller_ext):$var(bucket));
	if ($sht(rl=>$var(k)) == $null) {
		$sht(rl=>$var(k)) = 0;
	}
	$var(n) = $shtinc(rl=>$var(k));
	if ($var(n) > {{LIMIT_PER_USER}}) {
		xlog("L_WARN", "flood: user $avp(caller_ext) over {{LIMIT_PER_USER}} requests/2s\n");
		sl_send_reply("503", "Rate Limited");
		exit;
	}
}

########## Calls ##########

# Trunk -> sales number: tell the bridge, ask the CRM whom to ring, ring it.
route[INBOUND] {
	# a transaction now, so INVITE retransmissions during the CRM query are absorbed
	if (!t_newtran()) {
		sl_reply_error();
		exit;
	}
	# A carrier INVITE that follows a REFER carries the transfer token we embedded in the Refer-To
	# (ADR 0005). Every other X-Callboard-* header from outside is dropped unread.
	$avp(xfer) = $null;
	if (is_present_hf("X-Callboard-Transfer")) {
		$avp(xfer) = $(hdr(X-Callboard-Transfer){s.substr,0,128});
	}
	remove_hf_re("^X-Callboard-");
	$avp(decision) = $null;
	if ($avp(xfer) != $null && !route(CRM_TRANSFER)) {
		# refused (bad, expired or used token; CRM unreachable): no events, nobody rung
		exit;
	}
	$avp(kind) = "inbound";
	$sht(calls=>ftag:$ci) = $ft;
	$sht(calls=>kind:$ci) = "inbound";
	record_route();
	dlg_manage();
	route(DLG_LIVENESS);
	$dlg_var(kind) = "inbound";

	$var(ev) = '{}';
	jansson_set("string", "type", "offered", "$var(ev)");
	jansson_set("string", "direction", "inbound", "$var(ev)");
	# caller values as text JSON can always hold: the number as printable ASCII, the display name as
	# the bytes the caller sent (hex; the cap may cut a character, and not every name is UTF-8),
	# decoded and cleaned by the bridge
	jansson_set("string", "from", "$(fU{s.substr,0,128}{re.subst,/[^ -~]/?/g})", "$var(ev)");
	$var(fn) = $(fn{s.substr,0,{{MAX_NAME_BYTES}}});
	if ($var(fn) == $null) {
		$var(fn) = "";
	}
	jansson_set("string", "fromNameHex", "$(var(fn){s.encode.hexa})", "$var(ev)");
	jansson_set("string", "to", "$(rU{s.substr,0,128})", "$var(ev)");
	$var(cid) = $ci;
	route(EMIT);

	$avp(gidx) = 0;
	$avp(rang) = 0;
	# Whom to ring is asked through the bridge's routing relay without holding this worker: the
	# transaction is suspended and resumed in ROUTING_RESUME (or ROUTING_WAIT on timeout). Without a
	# relay connected, CRM_ROUTING asks synchronously as before (ADR 0017).
	if ($avp(decision) == $null && $sht(cb=>open) == $null && $sht(state=>router) != $null) {
		route(ROUTING_ASYNC);
	}
	route(INBOUND_RING);
}

# Rings the decision's groups (or everyone when the CRM gave none), else answers 480 and reports it.
# Runs in the request route, in ROUTING_RESUME or in ROUTING_WAIT (both failure-route context).
route[INBOUND_RING] {
	# a verified transfer already has its decision (the target rep only)
	if ($avp(decision) != $null || ($avp(rt_asked) == $null && route(CRM_ROUTING))) {
		if (route(NEXT_GROUP)) {
			route(RING);
			exit;
		}
		xlog("L_NOTICE", "[$ci] CRM decision has nobody registered\n");
	} else {
		# the CRM is down, slow or wrong: ring every registered extension
		if (lookup("ringall", "sip:all@{{SIP_DOMAIN}}")) {
			xlog("L_NOTICE", "[$ci] inbound $fU -> $rU: ringing every registered extension\n");
			$avp(rang) = 1;
			t_set_fr({{NO_ANSWER_MS}}, 5000);
			route(RING);
			exit;
		}
		xlog("L_NOTICE", "[$ci] inbound $fU -> $rU: nobody registered\n");
	}
	$var(reason) = "nobody_available";
	$var(code) = 480;
	route(EV_MISSED);
	t_reply("480", "Temporarily Unavailable");
	exit;
}

route[RING] {
	t_on_branch("BRANCH");
	t_on_reply("REPLY");
	t_on_failure("FAIL");
	route(MEDIA_OFFER);
	if (!t_relay()) {
		$var(reason) = "failed";
		$var(code) = 500;
		route(EV_MISSED);
		t_reply("500", "Server Error");
	}
	exit;
}

# Asks the bridge's routing relay (evapi connection tagged "routing") whom to ring. evapi suspends
# the transaction first, so $T(id_index)/$T(id_label) in the message name it; the relay answers
# {"cmd":"route",...} and event_route[evapi:message-received] resumes it in ROUTING_RESUME. No
# answer within {{ROUTING_TIMEOUT_MS}} ms: the blind branch times out and ROUTING_WAIT rings everyone.
# Returns only when the question could not be sent (the caller then continues synchronously).
route[ROUTING_ASYNC] {
	$var(rq) = '{}';
	jansson_set("string", "callId", "$(ci{s.substr,0,255})", "$var(rq)");
	jansson_set("string", "from", "$(fU{s.substr,0,128})", "$var(rq)");
	jansson_set("string", "to", "$(rU{s.substr,0,128})", "$var(rq)");
	$avp(rt_asked) = 1;
	# whoever ends the wait first (answer, timeout, CANCEL) takes this flag: see ROUTING_CLAIM
	$sht(calls=>rtw:$ci) = 1;
	t_on_failure("ROUTING_WAIT");
	t_set_fr({{NO_ANSWER_MS}}, {{ROUTING_TIMEOUT_MS}});
	# the data is evaluated after the suspension: the indexes name this transaction
	if (evapi_async_unicast("{\"type\":\"route-request\",\"tindex\":$T(id_index),\"tlabel\":$T(id_label),\"q\":$var(rq)}", "routing")) {
		exit;
	}
	xlog("L_WARN", "[$ci] routing relay could not be asked, asking the CRM synchronously\n");
	$sht(calls=>rtw:$ci) = $null;
	$avp(rt_asked) = $null;
}

# True for the first of the relay's answer, the timeout and the caller's CANCEL to end the wait.
route[ROUTING_CLAIM] {
	$var(claimed) = 0;
	sht_lock("calls=>rtw:$ci");
	if ($sht(calls=>rtw:$ci) != $null) {
		$sht(calls=>rtw:$ci) = $null;
		$var(claimed) = 1;
	}
	sht_unlock("calls=>rtw:$ci");
	if ($var(claimed) == 1) {
		return 1;
	}
	return -1;
}

# The relay's answer: $var(rt_ok) 1 with $var(rt_body) a RoutingDecision, or 0 (CRM failed or slow).
route[ROUTING_RESUME] {
	if (!route(ROUTING_CLAIM)) {
		xlog("L_NOTICE", "[$ci] routing answer after the caller gave up: not rung\n");
		exit;
	}
	if ($var(rt_ok) == 1) {
		$avp(decision) = $var(rt_body);
	} else {
		xlog("L_WARN", "[$ci] CRM routing failed via the relay ($var(rt_reason)), opening breaker for {{CRM_BREAKER_SEC}} s\n");
		$sht(cb=>open) = 1;
	}
	route(INBOUND_RING);
}

# The relay did not answer in time (or the caller gave up while we waited).
failure_route[ROUTING_WAIT] {
	if (!route(ROUTING_CLAIM)) {
		exit;
	}
	if (t_is_canceled()) {
		$var(reason) = "caller_cancelled";
		$var(code) = 487;
		route(EV_MISSED);
		exit;
	}
	xlog("L_WARN", "[$ci] routing relay gave no answer within {{ROUTING_TIMEOUT_MS}} ms, opening breaker for {{CRM_BREAKER_SEC}} s\n");
	$sht(cb=>open) = 1;
	route(INBOUND_RING);
}

# GET {{BACKEND_URL}}/api/internal/routing -> RoutingDecision into $avp(decision).
# Returns -1 when the CRM should not (breaker open) or did not answer with a usable decision.
route[CRM_ROUTING] {
	if ($sht(cb=>open) != $null) {
		xlog("L_NOTICE", "[$ci] CRM breaker open, ringing everyone\n");
		return -1;
	}
	$var(url) = "{{BACKEND_URL}}/api/internal/routing?callId=" + $(ci{s.escape.param}{s.replace,+,%2B})
		+ "&from=" + $(fU{s.escape.param}{s.replace,+,%2B}) + "&to=" + $(rU{s.escape.param}{s.replace,+,%2B});
	$var(body) = "";
	$var(code) = http_client_query("$var(url)", "", "Authorization: Bearer {{SERVICE_TOKEN}}", "$var(body)");
	if ($var(code) != 200) {
		xlog("L_WARN", "[$ci] CRM routing failed (code $var(code)), opening breaker for {{CRM_BREAKER_SEC}} s\n");
		$sht(cb=>open) = 1;
		return -1;
	}
	$var(ng) = -1;
	if (!jansson_array_size("groups", "$var(body)", "$var(ng)") || $var(ng) < 0) {
		xlog("L_WARN", "[$ci] CRM routing answer is not a RoutingDecision\n");
		return -1;
	}
	$avp(decision) = $var(body);
	return 1;
}

# GET {{BACKEND_URL}}/api/internal/routing?...&transfer=<token>: the backend verifies the token
# (known, unexpired, not used by another call) and answers {"transfer":"accepted","groups":[target]}
# or {"transfer":"rejected"}. Replies to the carrier itself and returns -1 when the INVITE is refused.
# A transfer never falls back to ringing everyone.
route[CRM_TRANSFER] {
	if (!($avp(xfer) =~ "^[A-Za-z0-9_-]{16,64}$")) {
		xlog("L_WARN", "[$ci] transfer INVITE from $si with a malformed token refused\n");
		t_reply("403", "Transfer Not Valid");
		return -1;
	}
	if ($sht(cb=>open) != $null) {
		xlog("L_WARN", "[$ci] transfer INVITE while the CRM breaker is open: 503\n");
		t_reply("503", "Service Unavailable");
		return -1;
	}
	$var(url) = "{{BACKEND_URL}}/api/internal/routing?callId=" + $(ci{s.escape.param}{s.replace,+,%2B})
		+ "&from=" + $(fU{s.escape.param}{s.replace,+,%2B}) + "&to=" + $(rU{s.escape.param}{s.replace,+,%2B})
		+ "&transfer=" + $avp(xfer);
	$var(body) = "";
	$var(code) = http_client_query("$var(url)", "", "Authorization: Bearer {{SERVICE_TOKEN}}", "$var(body)");
	if ($var(code) != 200) {
		xlog("L_WARN", "[$ci] CRM transfer check failed (code $var(code)), opening breaker for {{CRM_BREAKER_SEC}} s\n");
		$sht(cb=>open) = 1;
		t_reply("503", "Service Unavailable");
		return -1;
	}
	$var(verdict) = "";
	jansson_get("transfer", "$var(body)", "$var(verdict)");
	if ($var(verdict) != "accepted") {
		xlog("L_NOTICE", "[$ci] transfer INVITE from $si refused by the CRM (token not valid)\n");
		t_reply("403", "Transfer Not Valid");
		return -1;
	}
	xlog("L_NOTICE", "[$ci] transfer INVITE accepted by the CRM\n");
	$avp(decision) = $var(body);
	return 1;
}

# Turn the next group of $avp(decision) that has anyone registered into the destination set.
route[NEXT_GROUP] {
	$var(ng) = 0;
	jansson_array_size("groups", "$avp(decision)", "$var(ng)");
	while ($avp(gidx) < $var(ng)) {
		$var(g) = $avp(gidx);
		$avp(gidx) = $null;
		$avp(gidx) = $var(g) + 1;
		$var(ne) = 0;
		$var(tsec) = 30;
		jansson_array_size("groups[$var(g)].extensions", "$avp(decision)", "$var(ne)");
		jansson_get("groups[$var(g)].timeoutSec", "$avp(decision)", "$var(tsec)");
		$var(found) = 0;
		$var(i) = 0;
		while ($var(i) < $var(ne) && $var(i) < 100) {
			$var(ext) = "";
			jansson_get("groups[$var(g)].extensions[$var(i)]", "$avp(decision)", "$var(ext)");
			$var(i) = $var(i) + 1;
			if (!($var(ext) =~ "^[A-Za-z0-9_.+-]{1,64}$")) {
				xlog("L_WARN", "[$ci] CRM decision names an invalid extension, skipped\n");
			} else if ($var(found) == 0) {
				if (lookup("location", "sip:$var(ext)@{{SIP_DOMAIN}}")) {
					$var(found) = 1;
				}
			} else {
				lookup_to_dset("location", "sip:$var(ext)@{{SIP_DOMAIN}}");
			}
		}
		if ($var(found) == 1) {
			$avp(rang) = 1;
			if ($avp(gidx) >= $var(ng)) {
				# the last group rings until the caller gives up (bounded by NO_ANSWER_MS)
				t_set_fr({{NO_ANSWER_MS}}, 5000);
			} else {
				$var(ms) = $var(tsec) * 1000;
				t_set_fr($var(ms), 5000);
			}
			xlog("L_NOTICE", "[$ci] inbound $fU -> $rU: ringing CRM group $var(g) for $var(tsec) s\n");
			return 1;
		}
	}
	return -1;
}

# Extension -> extension: no CRM events, just a registrar lookup.
route[INTERNAL] {
	record_route();
	# a forked internal call has one answer too (route[ANSWER_RACE])
	$sht(calls=>ftag:$ci) = $ft;
	# tracked (no events: kind stays unset) so its in-dialog requests pass is_known_dlg()
	dlg_manage();
	route(DLG_LIVENESS);
	if (!lookup("location")) {
		sl_send_reply("480", "Temporarily Unavailable");
		exit;
	}
	# who talks to whom, for an attended transfer's REFER check (route[REFER_CHECK]): a consult
	# call is an extension-to-extension call; forgotten when the dialog ends
	$sht(calls=>int:$ci) = $avp(caller_ext) + ":" + $tU;
	t_on_reply("REPLY_INTERNAL");
	route(MEDIA_OFFER);
	route(RELAY);
}

# Extension -> external number: to the trunk, only when the dial policy allows it (ADR 0009).
route[OUTBOUND] {
	if (!t_newtran()) {
		sl_reply_error();
		exit;
	}
	if (!route(DIAL_CHECK)) {
		exit;
	}
	# at most $var(max_calls) outbound calls per extension (ringing or answered); the lock makes
	# two INVITEs of one extension count one after the other
	record_route();
	sht_lock("calls=>cc:$avp(caller_ext)");
	$var(active) = 0;
	get_profile_size("outbound", "$avp(caller_ext)", "$var(active)");
	if ($var(active) >= $var(max_calls)) {
		sht_unlock("calls=>cc:$avp(caller_ext)");
		xlog("L_WARN", "[$ci] outbound from extension $avp(caller_ext) refused: $var(active) calls already (limit $var(max_calls))\n");
		$var(refusal) = "too_many_calls";
		$var(message) = "Too many calls";
		route(DIAL_REFUSED);
		exit;
	}
	dlg_manage();
	route(DLG_LIVENESS);
	set_dlg_profile("outbound", "$avp(caller_ext)");
	sht_unlock("calls=>cc:$avp(caller_ext)");
	$avp(kind) = "outbound";
	$sht(calls=>ftag:$ci) = $ft;
	$sht(calls=>kind:$ci) = "outbound";
	$dlg_var(kind) = "outbound";

	$var(ev) = '{}';
	jansson_set("string", "type", "offered", "$var(ev)");
	jansson_set("string", "direction", "outbound", "$var(ev)");
	jansson_set("string", "from", "$avp(caller_ext)", "$var(ev)");
	jansson_set("null", "fromName", 0, "$var(ev)");
	jansson_set("string", "to", "$(rU{s.substr,0,128})", "$var(ev)");
	jansson_set("string", "extension", "$avp(caller_ext)", "$var(ev)");
	# click-to-call: the softphone names the deal in X-Callboard-Deal; never sent to the carrier
	if (is_present_hf("X-Callboard-Deal")) {
		if ($hdr(X-Callboard-Deal) =~ "^[0-9a-fA-F-]{36}$") {
			jansson_set("string", "dealId", "$hdr(X-Callboard-Deal)", "$var(ev)");
		}
		remove_hf("X-Callboard-Deal");
	}
	$var(cid) = $ci;
	route(EMIT);

	$ru = "sip:" + $rU + "@{{TRUNK_OUT}}";
	t_set_fr({{NO_ANSWER_MS}}, 5000);
	route(RING);
}

# GET {{BACKEND_URL}}/api/internal/dial-check: may this extension dial $rU? Fails closed: no
# answer, a breaker that is open or an answer that is not {"allowed":true,...} never reaches the
# trunk. Replies itself and returns -1 when refused; sets $var(max_calls) when allowed.
route[DIAL_CHECK] {
	if ($avp(caller_ext) == $null) {
		$var(refusal) = "unknown_extension";
		$var(message) = "This phone may not make calls";
		route(DIAL_REFUSED);
		return -1;
	}
	if ($sht(cb=>open) != $null) {
		xlog("L_WARN", "[$ci] outbound call while the CRM breaker is open: 503\n");
		t_reply("503", "Service Unavailable");
		return -1;
	}
	$var(url) = "{{BACKEND_URL}}/api/internal/dial-check?callId=" + $(ci{s.escape.param}{s.replace,+,%2B})
		+ "&extension=" + $(avp(caller_ext){s.escape.param}) + "&to=" + $(rU{s.escape.param}{s.replace,+,%2B});
	$var(body) = "";
	$var(code) = http_client_query("$var(url)", "", "Authorization: Bearer {{SERVICE_TOKEN}}", "$var(body)");
	if ($var(code) != 200) {
		xlog("L_WARN", "[$ci] CRM dial check failed (code $var(code)): 503, nothing sent to the trunk\n");
		route(CRM_FAILED);
		t_reply("503", "Service Unavailable");
		return -1;
	}
	# ($null would make $var(allowed) 0, which reads as "refused"; a missing key must read as garbage)
	$var(allowed) = "missing";
	jansson_get("allowed", "$var(body)", "$var(allowed)");
	$var(allowed) = $_s($var(allowed));
	if ($var(allowed) == "1" || $var(allowed) == "true") {
		$var(max_calls) = 0;
		jansson_get("maxConcurrent", "$var(body)", "$var(max_calls)");
		$var(max_calls) = $(var(max_calls){s.int});
		if ($var(max_calls) < 1) {
			xlog("L_WARN", "[$ci] CRM dial check answer without a limit: 503\n");
			t_reply("503", "Service Unavailable");
			return -1;
		}
		return 1;
	}
	if ($var(allowed) != "0" && $var(allowed) != "false") {
		xlog("L_WARN", "[$ci] CRM dial check answer is not a DialCheckResult: 503\n");
		t_reply("503", "Service Unavailable");
		return -1;
	}
	$var(refusal) = "";
	$var(message) = "";
	jansson_get("reason", "$var(body)", "$var(refusal)");
	jansson_get("message", "$var(body)", "$var(message)");
	route(DIAL_REFUSED);
	return -1;
}

# 403 to the phone with the reason it shows: the reason phrase, a Warning and X-Callboard-Refusal
# (the code). Texts from the CRM are checked before they go into a header.
route[DIAL_REFUSED] {
	if (!($var(refusal) =~ "^[a-z_]{1,40}$")) {
		$var(refusal) = "refused";
	}
	if (!($var(message) =~ "^[A-Za-z0-9 ,.'-]{1,80}$")) {
		$var(message) = "Call not allowed";
	}
	xlog("L_NOTICE", "[$ci] outbound from extension $avp(caller_ext) refused ($var(refusal)), nothing sent to the trunk\n");
	append_to_reply("Warning: 399 callboard \"$var(message)\"\r\nX-Callboard-Refusal: $var(refusal)\r\n");
	t_reply("403", "$var(message)");
}

########## Branches, replies, failures ##########

branch_route[BRANCH] {
	$var(ext) = "";
	if ($avp(kind) == "inbound") {
		$var(ext) = $sht(c2u=>$ru);
		if ($var(ext) == $null) {
			$var(ext) = $rU;
		}
	}
	$sht(br=>$ci|$T_branch_idx) = $var(ext);
	xlog("L_NOTICE", "[$ci] branch $T_branch_idx -> $ru ext '$var(ext)'\n");
	route(MEDIA_BRANCH);
}

onreply_route {
	# Exactly one answer per call (ADR 0015). tm relays every 2xx of a forking INVITE (RFC 3261
	# 16.7) and ignores `drop` for final replies in its reply routes, so the race is decided here,
	# before tm and the dialog module see the reply: a 2xx that lost never reaches the caller and
	# never becomes the dialog's callee.
	# Decided BEFORE REPLYINIT's t_check_trans(): that sets tm's current transaction in this worker,
	# and a reply dropped here never reaches tm, which is what would unset it. The next request this
	# worker handled then joined that transaction: the caller's BYE went out as a new branch of the
	# INVITE, its 200 OK matched nothing and the caller never got one (issue 12, seen 1 round in
	# 30-100 of sip.js vs baresip: only a losing answer over UDP shares workers with the caller).
	# Only replies to the caller's own INVITE get here (its Call-ID and From tag).
	if ($rs >= 200 && $rs < 300 && is_method("INVITE") && $sht(calls=>ftag:$ci) != $null
			&& $ft == $sht(calls=>ftag:$ci)) {
		route(ANSWER_RACE);
	}
	route(REPLYINIT);
	if (proto == WS || proto == WSS || nat_uac_test("1")) {
		add_contact_alias();
	}
}

# The first 2xx (by to-tag) of the caller's INVITE wins; it and its retransmissions go on to tm.
# Any 2xx with another to-tag, now or later, is a losing answer. Also true for re-INVITEs from the
# caller, which only the winner can answer.
route[ANSWER_RACE] {
	$var(won) = 0;
	sht_lock("calls=>ans:$ci");
	if ($sht(calls=>tt:$ci) == $null) {
		$sht(calls=>tt:$ci) = $tt;
		$sht(calls=>tt_at:$ci) = $TV(Sn);
		$var(won) = 1;
	}
	$var(winner) = $sht(calls=>tt:$ci);
	sht_unlock("calls=>ans:$ci");
	if ($var(won) == 1) {
		xlog("L_NOTICE", "[$ci] answer race: 200 OK (to-tag $tt) from $si:$sp won at $TV(Sn)\n");
	} else if ($tt != $var(winner)) {
		route(LOSING_ANSWER);
	}
}

onreply_route[REPLY] {
	if ($rs < 180) {
		return;
	}
	$var(ext) = $sht(br=>$ci|$T_branch_idx);
	if ($rs == 180 || $rs == 183) {
		if ($avp(kind) == "inbound" && $var(ext) != $null && $var(ext) != "") {
			$var(k) = $_s(rg:$ci|$T_branch_idx);
			if ($sht(calls=>$var(k)) == $null) {
				$sht(calls=>$var(k)) = 1;
				$var(ev) = '{}';
				jansson_set("string", "type", "ringing", "$var(ev)");
				jansson_set("string", "extension", "$var(ext)", "$var(ev)");
				$var(cid) = $ci;
				route(EMIT);
			}
		}
		route(ONE_PROVISIONAL);
		return;
	}
	if ($rs >= 200 && $rs < 300) {
		# Only the winning answer gets here (route[ANSWER_RACE] stopped every other one before tm),
		# with its retransmissions: each goes to rtpengine (the relayed copy needs its SDP rewritten),
		# the answered event is emitted once. Only its SDP reaches rtpengine (a loser's would replace
		# the media path), for its own branch's session (the reply's first Via is ours, with that
		# branch's id).
		$var(rtpe_vb) = " via-branch=1";
		route(MEDIA_ANSWER);
		sht_lock("calls=>ans:$ci");
		$var(first) = 0;
		if ($sht(calls=>ans:$ci) == $null) {
			$sht(calls=>ans:$ci) = $T_branch_idx;
			$var(first) = 1;
		}
		sht_unlock("calls=>ans:$ci");
		if ($var(first) == 0) {
			return;
		}
		$var(ev) = '{}';
		jansson_set("string", "type", "answered", "$var(ev)");
		if ($avp(kind) == "inbound" && $var(ext) != $null && $var(ext) != "") {
			jansson_set("string", "extension", "$var(ext)", "$var(ev)");
		} else {
			jansson_set("null", "extension", 0, "$var(ev)");
		}
		$var(cid) = $ci;
		route(EMIT);
	}
}

# The caller hears one phone ring: the first 18x of the call (by To-tag) is relayed, the other
# branches' are dropped (`drop` works for provisional replies here), and none once an answer won.
# Every branch's 18x relayed (tm's default) let another phone's 180, sent by a worker that lost the
# CPU right before its send, reach the carrier after the winning 200 OK; a carrier that follows
# the latest To-tag (sipp does) then BYEs the wrong phone and the dialog never ends (ADR 0015).
route[ONE_PROVISIONAL] {
	if ($sht(calls=>tt:$ci) != $null) {
		drop;
	}
	sht_lock("calls=>ans:$ci");
	if ($sht(calls=>p18:$ci) == $null) {
		$sht(calls=>p18:$ci) = $tt;
	}
	$var(p18) = $sht(calls=>p18:$ci);
	sht_unlock("calls=>ans:$ci");
	if ($tt != $var(p18)) {
		drop;
	}
}

# A 2xx that lost the race (or a retransmission of one): dropped, so the caller keeps exactly one
# call and the dialog's callee stays the winner. The losing phone gets an ACK (its 2xx is answered,
# so it stops retransmitting) and, once, a BYE with Reason "Call completed elsewhere", at once
# instead of waiting 32 s for an ACK that would never come. `drop` works here because this runs
# in the core reply route (tm ignores it for final replies).
route[LOSING_ANSWER] {
	if (af == INET6) {
		$var(nexthop) = "sip:[" + $si + "]:" + $sp + ";transport=" + $pr;
	} else {
		$var(nexthop) = "sip:" + $si + ":" + $sp + ";transport=" + $pr;
	}
	$var(target) = $(ct{nameaddr.uri});
	if ($var(target) == $null || $var(target) == "") {
		$var(target) = $var(nexthop);
	}
	$var(dlghdrs) = "From: <" + $fu + ">;tag=" + $ft + "\r\nTo: <" + $tu + ">;tag=" + $tt + "\r\nCall-ID: " + $ci + "\r\n";
	$var(hdrs) = $var(dlghdrs) + "CSeq: " + $(cs{s.int}) + " ACK\r\n";
	t_uac_send("ACK", "$var(target)", "$var(nexthop)", "", "$var(hdrs)", "");
	$var(k) = $_s(bye:$ci|$tt);
	sht_lock("calls=>$var(k)");
	$var(first) = 0;
	if ($sht(calls=>$var(k)) == $null) {
		$sht(calls=>$var(k)) = 1;
		$var(first) = 1;
	}
	sht_unlock("calls=>$var(k)");
	if ($var(first) == 1) {
		xlog("L_WARN", "[$ci] answer race: 200 OK (to-tag $tt) from $si:$sp lost at $TV(Sn) (winner at $sht(calls=>tt_at:$ci)): dropped, ACK and BYE to that phone\n");
		$var(cseq) = $(cs{s.int}) + 1;
		$var(hdrs) = $var(dlghdrs) + "CSeq: " + $var(cseq) + " BYE\r\nReason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n";
		t_uac_send("BYE", "$var(target)", "$var(nexthop)", "", "$var(hdrs)", "");
	}
	drop;
}

onreply_route[REPLY_INTERNAL] {
	if ($rs >= 200 && $rs < 300) {
		$var(rtpe_vb) = " via-branch=1";
		route(MEDIA_ANSWER);
	}
}

onreply_route[REPLY_INDIALOG] {
	if ($rs >= 200 && $rs < 300) {
		$var(rtpe_vb) = "";
		route(MEDIA_ANSWER);
	}
}

failure_route[FAIL] {
	if (t_is_canceled()) {
		$var(reason) = "caller_cancelled";
		$var(code) = 487;
		route(EV_MISSED);
		route(MEDIA_DELETE);
		exit;
	}
	$var(code) = $T_reply_code;
	# next ring group (inbound): after a group's timeout, or when all of it declined or is busy
	if ($avp(kind) == "inbound" && $avp(decision) != $null && $var(code) < 600) {
		if (route(NEXT_GROUP)) {
			t_on_branch("BRANCH");
			t_on_reply("REPLY");
			t_on_failure("FAIL");
			route(MEDIA_OFFER);
			if (t_relay()) {
				exit;
			}
		}
	}
	if ($var(code) == 408 || $var(code) == 480 || $var(code) == 487) {
		$var(reason) = "no_answer";
	} else if ($var(code) == 486 || $var(code) == 600) {
		$var(reason) = "busy";
	} else if ($var(code) == 603 || $var(code) == 403) {
		$var(reason) = "rejected";
	} else {
		$var(reason) = "failed";
	}
	route(EV_MISSED);
	route(MEDIA_DELETE);
}

########## Media hooks: rtpengine between WebRTC browsers and plain-RTP trunks/desk phones ##########
# Enabled by startKamailio({ rtpengineSocket }); without it every hook returns at once.
# MEDIA_OFFER  : on the INVITE before relaying (request / failure route). Initial INVITEs get their
#                offer per branch (MEDIA_BRANCH), since each branch can be a browser or not;
#                in-dialog re-INVITEs (hold/resume) are offered here, toward $du/$ru.
# MEDIA_BRANCH : per branch: a WebSocket destination gets browser flags, anything else plain RTP.
# MEDIA_ANSWER : on the winning 2xx: flags for the side the answer goes back to (the caller).
# MEDIA_DELETE : on BYE and on a final failure.
# Flags measured in TELEPHONY-NOTES (DTLS=passive on the answer toward a browser breaks
# browser-originated calls, so that one has none).
#!ifdef WITH_RTPENGINE
#!define RTPE_OFFER_BROWSER "ICE=force DTLS=passive SDES-off RTP/SAVPF rtcp-mux-offer rtcp-mux-require generate-mid replace-origin replace-session-connection"
#!define RTPE_PLAIN "ICE=remove DTLS=off SDES-off RTP/AVP rtcp-mux-demux replace-origin replace-session-connection"
#!define RTPE_ANSWER_BROWSER "ICE=force SDES-off RTP/SAVPF rtcp-mux-accept replace-origin replace-session-connection"
#!endif

route[MEDIA_OFFER] {
#!ifdef WITH_RTPENGINE
	# which side the answer goes back to: kept with the transaction for MEDIA_ANSWER
	if (proto == WS || proto == WSS) {
		$avp(media_caller_ws) = 1;
	} else {
		$avp(media_caller_ws) = 0;
	}
	if (!has_totag()) {
		# routes that do not arm a branch route (INTERNAL) get the media-only one
		if ($avp(kind) == $null) {
			t_on_branch("MEDIA_ONLY");
		}
		return;
	}
	if (!has_body("application/sdp")) {
		return;
	}
	# in-dialog (hold/resume): the call's sessions are known by both tags, no branch id
	$var(rtpe_vb) = "";
	route(MEDIA_OFFER_TO_DEST);
#!endif
	return;
}

route[MEDIA_BRANCH] {
#!ifdef WITH_RTPENGINE
	if (!is_method("INVITE") || !has_body("application/sdp")) {
		return;
	}
	# one rtpengine session per fork branch (keyed by this branch's Via branch id): a browser
	# branch and a desk-phone branch each keep their own SDP; the answer picks its branch (via-branch=1)
	$var(rtpe_vb) = " via-branch=auto-next";
	route(MEDIA_OFFER_TO_DEST);
#!endif
	return;
}

#!ifdef WITH_RTPENGINE
branch_route[MEDIA_ONLY] {
	route(MEDIA_BRANCH);
}

# $var(rtpe_vb): " via-branch=..." for initial INVITE branches, "" for in-dialog offers
route[MEDIA_OFFER_TO_DEST] {
	$var(dest) = $ru;
	if ($du != $null && $du != "") {
		$var(dest) = $du;
	}
	if ($(var(dest){uri.transport}) =~ "^[wW][sS][sS]?$") {
		$var(rtpe_flags) = RTPE_OFFER_BROWSER + $var(rtpe_vb);
		if (!rtpengine_offer("$var(rtpe_flags)")) {
			xlog("L_ERR", "[$ci] rtpengine offer toward a browser failed ($var(dest))\n");
		}
	} else {
		$var(rtpe_flags) = RTPE_PLAIN + $var(rtpe_vb);
		if (!rtpengine_offer("$var(rtpe_flags)")) {
			xlog("L_ERR", "[$ci] rtpengine offer toward plain RTP failed ($var(dest))\n");
		}
	}
	$var(rtpe_vb) = "";
}
#!endif

# $var(rtpe_vb) as for MEDIA_OFFER_TO_DEST (" via-branch=1" on the answer to an initial INVITE)
route[MEDIA_ANSWER] {
#!ifdef WITH_RTPENGINE
	if (!has_body("application/sdp")) {
		$var(rtpe_vb) = "";
		return;
	}
	if ($avp(media_caller_ws) == 1) {
		$var(rtpe_flags) = RTPE_ANSWER_BROWSER + $var(rtpe_vb);
	} else {
		$var(rtpe_flags) = RTPE_PLAIN + $var(rtpe_vb);
	}
	$var(rtpe_vb) = "";
	if (!rtpengine_answer("$var(rtpe_flags)")) {
		xlog("L_ERR", "[$ci] rtpengine answer failed ($var(rtpe_flags))\n");
	}
#!endif
	return;
}

route[MEDIA_DELETE] {
#!ifdef WITH_RTPENGINE
	rtpengine_delete();
#!endif
	return;
}

########## Events to the bridge (evapi) ##########
# Every event: {"boot","seq","type","callId","ts",...}. evapi drops events when no client is
# connected, so each one is also kept in the outbox htable and replayed on "replay_from".
# Callers set $var(ev) (the event fields) and $var(cid) (the Call-ID).
route[EMIT] {
	$var(seq) = $shtinc(state=>seq);
	jansson_set("string", "boot", "$sht(state=>boot)", "$var(ev)");
	jansson_set("integer", "seq", "$var(seq)", "$var(ev)");
	jansson_set("string", "callId", "$var(cid)", "$var(ev)");
	jansson_set("string", "ts", "$TV(Sn)", "$var(ev)");
	$sht(outbox=>$var(seq)) = $var(ev);
	evapi_relay("$var(ev)");
}

route[EV_MISSED] {
	$var(ev) = '{}';
	jansson_set("string", "type", "missed", "$var(ev)");
	jansson_set("string", "reason", "$var(reason)", "$var(ev)");
	jansson_set("integer", "code", "$var(code)", "$var(ev)");
	$var(cid) = $ci;
	route(EMIT);
}

event_route[dialog:end] {
	if ($dlg_var(kind) == $null) {
		# an extension-to-extension call: no longer a consult call a REFER may name
		$sht(calls=>int:$dlg(callid)) = $null;
		return;
	}
	# ($var() cannot hold $null: a missing $avp(hup) would read as 0)
	$var(hup) = "system";
	if ($avp(hup) != $null && $avp(hup) != "") {
		$var(hup) = $avp(hup);
	}
	route(EMIT_ENDED);
}

event_route[evapi:connection-new] {
	xlog("L_NOTICE", "evapi: bridge connected from $evapi(srcaddr):$evapi(srcport)\n");
}

event_route[evapi:connection-closed] {
	xlog("L_NOTICE", "evapi: bridge disconnected $evapi(srcaddr):$evapi(srcport)\n");
	if ($sht(state=>router) != $null && $sht(state=>router) == $evapi(conidx)) {
		$sht(state=>router) = $null;
		xlog("L_NOTICE", "evapi: routing relay gone, routing asks the CRM synchronously\n");
	}
}

# The bridge sends {"cmd":"hello","boot":"<boot it knows>","replay_from":N} after connecting.
# Answer with {"type":"hello","boot","seq"} and replay the outbox from N (from the oldest kept
# event when the boot differs), to this connection only.
event_route[evapi:message-received] {
	$var(msg) = $evapi(msg);
	# the bridge's routing relay (ADR 0017): its hello, then one answer per suspended INVITE
	$var(cmd) = "";
	jansson_get("cmd", "$var(msg)", "$var(cmd)");
	if ($var(cmd) == "routing-hello") {
		evapi_set_tag("routing");
		$sht(state=>router) = $evapi(conidx);
		xlog("L_NOTICE", "evapi: routing relay connected (connection $evapi(conidx))\n");
		exit;
	}
	if ($var(cmd) == "route") {
		$var(ti) = -1;
		$var(tl) = -1;
		$var(rt_ok) = 0;
		$var(rt_body) = "";
		$var(rt_reason) = "";
		jansson_get("tindex", "$var(msg)", "$var(ti)");
		jansson_get("tlabel", "$var(msg)", "$var(tl)");
		jansson_get("ok", "$var(msg)", "$var(rt_ok)");
		jansson_get("decision", "$var(msg)", "$var(rt_body)");
		jansson_get("reason", "$var(msg)", "$var(rt_reason)");
		$var(rt_reason) = $(var(rt_reason){s.substr,0,120});
		if ($var(ti) < 0 || $var(tl) < 0) {
			xlog("L_WARN", "evapi: routing answer without transaction ids, ignored\n");
			exit;
		}
		# false when the transaction is gone, timed out or cancelled meanwhile: nothing to do
		t_continue("$var(ti)", "$var(tl)", "ROUTING_RESUME");
		exit;
	}
	$var(tag) = $_s(c$evapi(conidx));
	evapi_set_tag("$var(tag)");
	$var(from) = 1;
	$var(kb) = "";
	jansson_get("replay_from", "$var(msg)", "$var(from)");
	jansson_get("boot", "$var(msg)", "$var(kb)");
	$var(cur) = $sht(state=>seq);
	$var(ev) = '{}';
	jansson_set("string", "type", "hello", "$var(ev)");
	jansson_set("string", "boot", "$sht(state=>boot)", "$var(ev)");
	jansson_set("integer", "seq", "$var(cur)", "$var(ev)");
	evapi_unicast("$var(ev)", "$var(tag)");
	if ($var(kb) != $sht(state=>boot) || $var(from) < 1) {
		$var(from) = 1;
	}
	if ($var(cur) - $var(from) >= {{MAX_REPLAY}}) {
		$var(from) = $var(cur) - {{MAX_REPLAY}} + 1;
	}
	$var(n) = 0;
	while ($var(from) <= $var(cur)) {
		$var(item) = $sht(outbox=>$var(from));
		if ($var(item) != $null) {
			evapi_unicast("$var(item)", "$var(tag)");
			$var(n) = $var(n) + 1;
		}
		$var(from) = $var(from) + 1;
	}
	xlog("L_NOTICE", "evapi: replayed $var(n) events up to seq $var(cur) to $var(tag)\n");
}

########## HTTP: WebSocket upgrade and JSON-RPC ##########
event_route[xhttp:request] {
	set_reply_close();
	set_reply_no_connect();
	if ($Rp == {{RPC_PORT}}) {
		if ($hu =~ "^/RPC") {
			jsonrpc_dispatch();
		} else {
			xhttp_reply("404", "Not Found", "text/plain", "not found");
		}
		exit;
	}
	# the upgrade is accepted on the WS port (plain) and the WSS port (TLS) only
	$var(wsport) = 0;
	if ($Rp == {{WS_PORT}} && proto == TCP) {
		$var(wsport) = 1;
	}
#!ifdef WITH_TLS
	if ($Rp == {{WSS_PORT}} && proto == TLS) {
		$var(wsport) = 1;
	}
#!endif
	if ($var(wsport) == 0) {
		xhttp_reply("403", "Forbidden", "", "");
		exit;
	}
	if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm =~ "GET") {
		if (ws_handle_handshake()) {
			exit;
		}
	}
	xhttp_reply("404", "Not Found", "", "");
}

event_route[websocket:closed] {
	xlog("L_NOTICE", "WebSocket connection from $si:$sp closed\n");
	route(WS_GONE);
}

########## Endpoint liveness: dead phones and browsers end their calls (ADR 0016) ##########
# A phone that vanishes mid-call must not leave the carrier's leg up nor its rep "on call":
#  - a browser's WebSocket closes (tab closed at once; network gone: no Pong within
#    2 x {{WS_KEEPALIVE_SEC}} s): its calls are ended within a second (WS_GONE), reason transport_closed;
#  - any other phone (desk phones over UDP/TCP/TLS) gets in-dialog OPTIONS every {{DIALOG_KA_SEC}} s; no answer
#    (408) or 481 ends the call 10 s later, reason timeout;
#  - every end is a BYE to both sides (send_bye) and one "ended" event with its reason.
# The trunk's leg is never probed: the carrier ends its own calls.

#!ifdef WITH_DB
# Registrations come back from PostgreSQL after a restart (usrloc db_mode 1). Run once by the first
# worker, before any call is routed:
#  - WebSocket contacts are dropped: their connections died with the old process (a browser
#    re-registers over its new one within seconds), and a WebSocket closed at run time may have left
#    its row (the process that sees the close has no usrloc database connection);
#  - the contact -> extension map (c2u, which names the extension on each fork branch for
#    ringing/answered) is filled again from the rows that stay.
event_route[core:worker-one-init] {
	$var(gone) = 0;
	sql_query("cb", "SELECT username, ruid FROM location WHERE contact LIKE '%;transport=ws%' OR received LIKE '%;transport=ws%'", "wsl");
	if ($rc >= 0) {
		$var(i) = 0;
		while ($var(i) < $dbr(wsl=>rows)) {
			unregister("location", "sip:$dbr(wsl=>[$var(i),0])@{{SIP_DOMAIN}}", "$dbr(wsl=>[$var(i),1])");
			$var(i) = $var(i) + 1;
		}
		$var(gone) = $var(i);
		sql_result_free("wsl");
	}
	sql_query("cb", "SELECT ruid FROM ringall WHERE contact LIKE '%;transport=ws%' OR received LIKE '%;transport=ws%'", "wsl");
	if ($rc >= 0) {
		$var(i) = 0;
		while ($var(i) < $dbr(wsl=>rows)) {
			unregister("ringall", "sip:all@{{SIP_DOMAIN}}", "$dbr(wsl=>[$var(i),0])");
			$var(i) = $var(i) + 1;
		}
		sql_result_free("wsl");
	}
	sql_query("cb", "SELECT contact, username FROM location", "c2u");
	if ($rc < 0) {
		xlog("L_ERR", "registrations: contact -> extension map not restored from the location table\n");
		return;
	}
	$var(i) = 0;
	while ($var(i) < $dbr(c2u=>rows)) {
		$var(c) = $dbr(c2u=>[$var(i),0]);
		$sht(c2u=>$var(c)) = $dbr(c2u=>[$var(i),1]);
		$var(i) = $var(i) + 1;
	}
	sql_result_free("c2u");
	xlog("L_NOTICE", "registrations: $var(i) contact(s) restored from PostgreSQL, $var(gone) WebSocket contact(s) dropped\n");
}
#!endif

# After dlg_manage() on an initial INVITE: probe the caller's leg unless it is the trunk; a
# browser caller's leg is tied to its WebSocket.
route[DLG_LIVENESS] {
	if (proto == WS || proto == WSS) {
		$dlg_var(ws_caller) = $_s($si:$sp);
		set_dlg_profile("wsconn", "$si:$sp");
	} else if (!route(FROM_TRUNK)) {
		dlg_set_property("ka-src");
	}
}

# The dialog is answered ($si/$sp/proto: the phone that sent the 200 OK): probe the callee's leg
# unless it is the trunk (an outbound call); a browser callee's leg is tied to its WebSocket.
event_route[dialog:start] {
	if (proto == WS || proto == WSS) {
		$dlg_var(ws_callee) = $_s($si:$sp);
		set_dlg_profile("wsconn", "$si:$sp");
	} else if (!route(FROM_TRUNK)) {
		dlg_set_property("ka-dst");
	}
}

# A WebSocket that ends without a close frame (tab killed, connection reset, keepalive) is only a
# TCP close to the websocket module: tcpops reports it here ($si/$sp/$Rp of the connection).
event_route[tcp:closed] {
	route(TCP_GONE);
}
event_route[tcp:reset] {
	route(TCP_GONE);
}
event_route[tcp:timeout] {
	route(TCP_GONE);
}
route[TCP_GONE] {
#!ifdef WITH_TLS
	if ($Rp == {{WSS_PORT}}) {
		route(WS_GONE);
		return;
	}
#!endif
	if ($Rp == {{WS_PORT}}) {
		route(WS_GONE);
	}
}

# The dialog module ends a call itself (no answer to keepalives, a closed WebSocket, the lifetime)
# with a BYE to each side and then runs dialog:end, which it skips when the first BYE's 200 OK has
# already deleted the dialog (seen when the other BYE is slow to fail, e.g. toward a dead WebSocket).
# So the first such BYE also emits "ended" (the dialog is this route's context); Kamailio's other
# BYEs (a losing answer's, with a Reason) are not call ends.
event_route[tm:local-request] {
	if (!is_method("BYE") || is_present_hf("Reason") || $dlg_var(kind) == $null) {
		return;
	}
	$var(hup) = "system";
	route(EMIT_ENDED);
}

# One "ended" per call, from dialog:end or the dialog module's own BYE ($var(hup) set).
route[EMIT_ENDED] {
	$var(cid) = $dlg(callid);
	if ($var(cid) == 0 || $var(cid) == "") {
		$var(cid) = $ci;
	}
	$var(first) = 0;
	sht_lock("calls=>end:$var(cid)");
	if ($sht(calls=>end:$var(cid)) == $null) {
		$sht(calls=>end:$var(cid)) = 1;
		$var(first) = 1;
	}
	sht_unlock("calls=>end:$var(cid)");
	if ($var(first) == 0) {
		return;
	}
	route(END_REASON);
	$var(ev) = '{}';
	jansson_set("string", "type", "ended", "$var(ev)");
	jansson_set("string", "hangupBy", "$var(hup)", "$var(ev)");
	jansson_set("string", "reason", "$var(end_reason)", "$var(ev)");
	route(EMIT);
}

# $var(end_reason) for an ended call ($var(hup) set): a BYE from one side is that side's hangup;
# otherwise the dialog was ended here, because a browser's WebSocket closed or by a timeout
# (no answer to keepalives, or the dialog's lifetime).
route[END_REASON] {
	$var(end_reason) = "timeout";
	if ($dlg_var(end_reason) != $null) {
		$var(end_reason) = $dlg_var(end_reason);
	} else if ($var(hup) == "caller") {
		$var(end_reason) = "caller_hangup";
	} else if ($var(hup) == "callee") {
		$var(end_reason) = "callee_hangup";
	} else if (($dlg_var(ws_caller) != $null && $sht(wsc=>$dlg_var(ws_caller)) != $null)
			|| ($dlg_var(ws_callee) != $null && $sht(wsc=>$dlg_var(ws_callee)) != $null)) {
		$var(end_reason) = "transport_closed";
	}
}

# A WebSocket closed ($si:$sp): end its calls (timeout in 1 s, then BYE to both sides) and remove
# the contact registered over it, so nobody rings a tab that is gone. (Runs twice when a close frame
# is followed by the TCP close: the second time finds nothing left to do.)
route[WS_GONE] {
	$var(wsk) = $_s($si:$sp);
	if ($sht(wsc=>$var(wsk)) != $null) {
		return;
	}
	$sht(wsc=>$var(wsk)) = 1;
	$var(n) = 0;
	get_profile_size("wsconn", "$var(wsk)", "$var(n)");
	if ($var(n) > 0) {
		xlog("L_NOTICE", "WebSocket $var(wsk) closed during $var(n) call(s): ending them\n");
		dlg_set_timeout_by_profile("wsconn", "$var(wsk)", 1);
	}
	$var(ext) = $sht(wsr=>$var(wsk));
	if ($sht(wsr=>$var(wsk)) == $null) {
		return;
	}
	$sht(wsr=>$var(wsk)) = $null;
	$var(gone) = $_s(sip:$var(wsk));
	if (reg_fetch_contacts("location", "sip:$var(ext)@{{SIP_DOMAIN}}", "wsl")) {
		$var(i) = 0;
		while ($var(i) < $ulc(wsl=>count)) {
			if ($(ulc(wsl=>received)[$var(i)]{s.select,0,;}) == $var(gone)) {
				$var(ruid) = $(ulc(wsl=>ruid)[$var(i)]);
				unregister("location", "sip:$var(ext)@{{SIP_DOMAIN}}", "$var(ruid)");
				xlog("L_NOTICE", "WebSocket $var(wsk) closed: contact of extension $var(ext) unregistered\n");
			}
			$var(i) = $var(i) + 1;
		}
		reg_free_contacts("wsl");
	}
	if (reg_fetch_contacts("ringall", "sip:all@{{SIP_DOMAIN}}", "wsl")) {
		$var(i) = 0;
		while ($var(i) < $ulc(wsl=>count)) {
			if ($(ulc(wsl=>received)[$var(i)]{s.select,0,;}) == $var(gone)) {
				$var(ruid) = $(ulc(wsl=>ruid)[$var(i)]);
				unregister("ringall", "sip:all@{{SIP_DOMAIN}}", "$var(ruid)");
			}
			$var(i) = $var(i) + 1;
		}
		reg_free_contacts("wsl");
	}
}
