#!/usr/bin/env bash
# The e-Service kiosk's installer: one command on a fresh Debian 12 / Ubuntu 24.04 machine.
#
#   sudo packaging/install.sh                  install, or upgrade/repair when already installed
#   sudo damrongdhama-kiosk-install rollback   back to the previous release and its register backup
#   sudo damrongdhama-kiosk-install uninstall [--purge]   --purge also deletes the register and backups
#   sudo damrongdhama-kiosk-install status
#
# Options: --root DIR  install into DIR (a staging tree: no apt, no running services touched)
#          --no-apt    do not install Debian packages
#          --deps-from SITE_PACKAGES  reuse another environment's Python packages instead of
#                      downloading them (offline re-installs and the tests)
#          --reinstall rebuild the release even when this version is installed already
#
# Releases live side by side in /opt/damrongdhama-kiosk/releases/<version>, each its own
# virtualenv; /opt/damrongdhama-kiosk/current points at the one that runs. An upgrade stops the
# kiosk, backs up the register, migrates it with the new release, then switches `current`.
# The register (/var/lib/damrongdhama-kiosk) is never deleted except by `uninstall --purge`.
set -euo pipefail
umask 022

APP=damrongdhama-kiosk
PREFIX=/opt/$APP
DATA=/var/lib/$APP
BACKUPS=/var/backups/$APP
UPGRADE_BACKUPS=$BACKUPS/upgrades
USER_NAME=kiosk
KEEP_RELEASES=3
UNITS=(kiosk-session.service kiosk-sync.service kiosk-sync.timer kiosk-backup.service kiosk-backup.timer)
ENABLE=(kiosk-session.service kiosk-sync.timer kiosk-backup.timer)
# Installed files: source in packaging/ -> destination.
SYSTEM_FILES=(
    "sysusers/$APP.conf:/etc/sysusers.d/$APP.conf"
    "tmpfiles/$APP.conf:/etc/tmpfiles.d/$APP.conf"
    "journald/50-$APP.conf:/etc/systemd/journald.conf.d/50-$APP.conf"
    "logind/50-$APP.conf:/etc/systemd/logind.conf.d/50-$APP.conf"
    "pam/$APP:/etc/pam.d/$APP"
    "udev/60-kiosk-thermal-printer.rules:/etc/udev/rules.d/60-kiosk-thermal-printer.rules"
)
for unit in "${UNITS[@]}"; do SYSTEM_FILES+=("systemd/$unit:/etc/systemd/system/$unit"); done

ROOT=""
APT=1
DEPS_FROM=""
REINSTALL=0
PURGE=0
ACTION=install
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)   # packaging/ (of a source tree or of a release)

say() { printf '%s\n' "install: $*"; }
die() { printf '%s\n' "install: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        install | upgrade | rollback | uninstall | status) ACTION=$1 ;;
        --root) ROOT=$(readlink -m "${2:?--root needs a directory}"); shift ;;
        --root=*) ROOT=$(readlink -m "${1#--root=}") ;;
        --no-apt) APT=0 ;;
        --deps-from) DEPS_FROM=${2:?--deps-from needs a site-packages directory}; shift ;;
        --reinstall) REINSTALL=1 ;;
        --purge) PURGE=1 ;;
        -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
    shift
done
[ "$ACTION" = upgrade ] && ACTION=install
STAGING=0
[ -n "$ROOT" ] && STAGING=1 && APT=0
[ "$(id -u)" = 0 ] || die "run as root (sudo $0 $ACTION)"

R() { printf '%s%s' "$ROOT" "$1"; }   # a system path inside the target root

systemctl_() {  # systemctl on the running system, or offline on the staging root
    if [ "$STAGING" = 1 ]; then systemctl --root="$ROOT" "$@"; else systemctl "$@"; fi
}

as_kiosk() {  # run a kiosk command as the kiosk user, on the register in the target root
    local kiosk=$1; shift
    if [ "$STAGING" = 1 ]; then  # the staged user exists in the staged /etc/passwd only: chown after
        local rc=0
        env KIOSK_HOME="$(R "$DATA")" "$kiosk" "$@" || rc=$?
        chown -R "$(stat -c %u:%g "$(R "$DATA")")" "$(R "$DATA")" "$(R "$BACKUPS")"
        return "$rc"
    else
        runuser -u "$USER_NAME" -- env KIOSK_HOME="$DATA" "$kiosk" "$@"
    fi
}

head_revision() {  # the register schema a release's code expects
    "$1/bin/python" -I -c 'from kiosk.db import head_revision; print(head_revision())'  # -I: not the kiosk/ of the cwd
}

current_release() {
    local link
    link=$(R "$PREFIX/current")
    [ -L "$link" ] && basename "$(readlink "$link")" || true
}

switch_current() {  # point `current` at release $1, atomically
    ln -sfn "releases/$1" "$(R "$PREFIX/current.new")"
    mv -T "$(R "$PREFIX/current.new")" "$(R "$PREFIX/current")"
}

prune_releases() {  # keep the current, the previous and the newest others up to KEEP_RELEASES (each ~0.8 GB)
    local dir kept=0 name prev=""
    dir=$(R "$PREFIX/releases")
    [ -f "$dir/$(current_release)/.previous" ] && prev=$(field previous "$dir/$(current_release)/.previous")
    # newest first, by when each was built
    for name in $(cd "$dir" && ls -1t -- */.complete 2>/dev/null | sed 's|/.complete$||'); do
        if [ "$name" = "$(current_release)" ] || [ "$name" = "$prev" ] || [ "$kept" -lt "$KEEP_RELEASES" ]; then
            kept=$((kept + 1))
        else
            say "removing the old release $name"
            rm -rf "${dir:?}/$name"
        fi
    done
}

stop_kiosk() {
    [ "$STAGING" = 1 ] && return 0
    say "stopping the kiosk and its nightly jobs"
    systemctl stop kiosk-session.service kiosk-sync.service kiosk-backup.service 2>/dev/null || true
}

start_kiosk() {
    [ "$STAGING" = 1 ] && return 0
    systemctl reset-failed kiosk-session.service 2>/dev/null || true
    systemctl start kiosk-session.service
}

# ---------------------------------------------------------------------------------------------
# install / upgrade / repair

source_tree() {  # the project the installer belongs to (packaging/..), checked
    local src
    src=$(cd "$HERE/.." && pwd)
    [ -f "$src/pyproject.toml" ] && [ -d "$src/kiosk" ] \
        || die "run the installer from the project's source tree (packaging/install.sh); found no pyproject.toml in $src"
    printf '%s' "$src"
}

release_id() {  # <version>-g<commit> for a clean git checkout, else <version>-s<hash of the sources>
    local src=$1 version commit
    version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/pyproject.toml" | head -1)
    [ -n "$version" ] || die "no version in $src/pyproject.toml"
    if commit=$(git -C "$src" rev-parse --short=10 HEAD 2>/dev/null) \
        && [ -z "$(git -C "$src" status --porcelain --untracked-files=no -- kiosk ui printers resources pyproject.toml)" ]; then
        printf '%s-g%s' "$version" "$commit"
    else  # the same sources give the same id: running the installer again repairs, it does not rebuild
        printf '%s-s%s' "$version" "$(cd "$src" && find kiosk ui printers resources pyproject.toml constraints.txt \
            -type f ! -name '*.pyc' 2>/dev/null | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-10)"
    fi
}

install_debs() {
    [ "$APT" = 1 ] || return 0
    export DEBIAN_FRONTEND=noninteractive
    command -v make >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends make; }
    local debs
    debs=$(make -s -C "$1" print-install-debs)
    say "Debian packages: $debs"
    apt-get update -qq
    # shellcheck disable=SC2086  # a list of package names
    apt-get install -y -qq --no-install-recommends $debs
}

build_release() {  # a virtualenv with the application in releases/$2
    local src=$1 id=$2 dir
    dir=$(R "$PREFIX/releases/$id")
    if [ -f "$dir/.complete" ] && [ "$REINSTALL" = 0 ]; then
        say "release $id is installed already: repairing the system files only"
        return 0
    fi
    rm -rf "$dir"  # a half-built release from an interrupted run, or --reinstall
    mkdir -p "$(dirname "$dir")"
    say "building release $id in $PREFIX/releases/$id"
    # The venv is made at its final path: its scripts name their interpreter by absolute path.
    local python=python3
    [ "$STAGING" = 1 ] && python=${PYTHON:-python3}
    "$python" -m venv "$dir"
    local pip=("$dir/bin/python" -m pip install -q --no-cache-dir --disable-pip-version-check)
    if [ -n "$DEPS_FROM" ]; then
        local site
        site=$("$dir/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
        printf '%s\n' "$(readlink -f "$DEPS_FROM")" >"$site/zz-kiosk-deps-from.pth"
        "${pip[@]}" --no-deps "$src"
    else
        "${pip[@]}" --upgrade pip
        local constraints=()
        [ -f "$src/constraints.txt" ] && constraints=(-c "$src/constraints.txt")
        "${pip[@]}" "${constraints[@]}" "$src"
    fi
    # The installer, the guide and the units travel with the release: rollback needs no source tree.
    mkdir -p "$dir/share"
    cp -r "$src/packaging" "$dir/share/packaging"
    chmod 0755 "$dir/share/packaging/install.sh"
    "$dir/bin/kiosk" --help >/dev/null || die "the new release does not start: $dir/bin/kiosk --help failed"
    {
        printf 'release=%s\n' "$id"
        printf 'built=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf 'schema=%s\n' "$(head_revision "$dir")"
        git -C "$src" rev-parse HEAD 2>/dev/null | sed 's/^/commit=/' || true
    } >"$dir/.complete"
}

install_system_files() {
    local entry src dest
    for entry in "${SYSTEM_FILES[@]}"; do
        src=$HERE/${entry%%:*}
        dest=$(R "${entry#*:}")
        install -D -m 0644 "$src" "$dest"
    done
    # The register's user and directories, declared the systemd way (sysusers.d, tmpfiles.d).
    local sysusers=(systemd-sysusers) tmpfiles=(systemd-tmpfiles --create)
    if [ "$STAGING" = 1 ]; then sysusers+=(--root="$ROOT"); tmpfiles+=(--root="$ROOT"); fi
    "${sysusers[@]}" "$(R "/etc/sysusers.d/$APP.conf")"
    "${tmpfiles[@]}" "$(R "/etc/tmpfiles.d/$APP.conf")"
    mkdir -p "$(R /usr/local/sbin)"
    ln -sfn "$PREFIX/current/share/packaging/install.sh" "$(R "/usr/local/sbin/$APP-install")"
}

take_over_tty1() {  # a desktop's display manager would fight the kiosk for the screen
    local dm
    dm=$(R /etc/systemd/system/display-manager.service)
    if [ -L "$dm" ]; then
        basename "$(readlink "$dm")" >"$(R "$PREFIX/display-manager.disabled")"
        say "disabling the desktop's display manager ($(cat "$(R "$PREFIX/display-manager.disabled")")); uninstall brings it back"
        systemctl_ disable display-manager.service >/dev/null 2>&1 || rm -f "$dm"
    fi
    systemctl_ enable "${ENABLE[@]}" >/dev/null 2>&1 || systemctl_ enable "${ENABLE[@]}"
}

reload_system() {
    [ "$STAGING" = 1 ] && return 0
    systemctl daemon-reload
    udevadm control --reload-rules && udevadm trigger --subsystem-match=usb || true
    systemctl restart systemd-journald || true
    # logind reads its drop-in at the next boot: restarting it could end the sessions of whoever runs this.
    local target
    target=$(systemctl get-default)
    [ "$target" = graphical.target ] \
        || say "note: the default boot target is $target; the kiosk starts with graphical.target (systemctl set-default graphical.target)"
}

backup_register() {  # prints the backup's path (inside the target root), or nothing when there is no register yet
    local kiosk=$1 out path
    [ -f "$(R "$DATA/register.sqlite3")" ] || return 0
    out=$(as_kiosk "$kiosk" db backup "$(R "$UPGRADE_BACKUPS")" --keep 10) \
        || die "the register could not be backed up, nothing was changed: $out"
    path=$(sed -n 's/^backup written: \(.*\) ([0-9,]* bytes)$/\1/p' <<<"$out")
    [ -n "$path" ] || die "the register backup did not say where it went: $out"
    printf '%s' "${path#"$ROOT"}"
}

do_install() {
    local src id new old backup=""
    src=$(source_tree)
    id=$(release_id "$src")
    install_debs "$src"
    mkdir -p "$(R "$PREFIX/releases")"
    build_release "$src" "$id"
    install_system_files
    new=$(R "$PREFIX/releases/$id")
    old=$(current_release)
    if [ "$old" != "$id" ]; then
        stop_kiosk
        backup=$(backup_register "$new/bin/kiosk")
        [ -n "$backup" ] && say "register backed up before migrating: $backup"
        if ! as_kiosk "$new/bin/kiosk" db upgrade; then
            if [ -n "$backup" ]; then
                rm -f "$(R "$DATA/register.sqlite3-wal")" "$(R "$DATA/register.sqlite3-shm")"
                cp "$(R "$backup")" "$(R "$DATA/register.sqlite3")"
            fi
            [ -n "$old" ] && start_kiosk
            die "migrating the register with release $id failed; the register was put back and $old kept running"
        fi
        {
            printf 'previous=%s\n' "$old"
            printf 'backup=%s\n' "$backup"
        } >"$new/.previous"
        switch_current "$id"
        say "release $id is current${old:+ (was $old; \`$APP-install rollback\` goes back)}"
        prune_releases
    fi
    take_over_tty1
    reload_system
    if [ "$STAGING" = 0 ]; then
        if [ -n "$old" ]; then
            start_kiosk
            say "the kiosk was restarted"
        else
            say "installed. Fill in $DATA/kiosk.toml (station, printer, links), then reboot, or start the kiosk now on tty1: systemctl start kiosk-session"
        fi
    fi
    write_manifest
}

write_manifest() {  # what the installer put on this machine, for the officer and for uninstall
    local entry
    {
        printf '# %s, written by install.sh on %s\n' "$APP" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf 'current %s\n' "$(current_release)"
        printf 'user %s\n' "$(grep "^$USER_NAME:" "$(R /etc/passwd)" || true)"
        printf 'dir %s\n' "$DATA" "$BACKUPS" "$UPGRADE_BACKUPS"
        for entry in "${SYSTEM_FILES[@]}"; do printf 'file %s\n' "${entry#*:}"; done
        printf 'file %s\n' "/usr/local/sbin/$APP-install"
        printf 'enabled %s\n' "${ENABLE[@]}"
    } >"$(R "$PREFIX/manifest")"
}

# ---------------------------------------------------------------------------------------------
# rollback

field() { sed -n "s/^$1=//p" "$2" | head -1; }

do_rollback() {
    local cur prev backup cur_dir prev_dir stamp data
    cur=$(current_release)
    [ -n "$cur" ] || die "nothing is installed"
    cur_dir=$(R "$PREFIX/releases/$cur")
    [ -f "$cur_dir/.previous" ] || die "release $cur has no previous release to go back to"
    prev=$(field previous "$cur_dir/.previous")
    backup=$(field backup "$cur_dir/.previous")
    [ -n "$prev" ] || die "release $cur was the first one installed: there is nothing to go back to"
    prev_dir=$(R "$PREFIX/releases/$prev")
    [ -f "$prev_dir/.complete" ] || die "the previous release $prev is no longer in $PREFIX/releases"
    stop_kiosk
    data=$(R "$DATA")
    if [ "$(head_revision "$prev_dir")" = "$(head_revision "$cur_dir")" ]; then
        say "releases $prev and $cur use the same register schema: the register stays as it is"
    else
        [ -n "$backup" ] && [ -f "$(R "$backup")" ] \
            || die "the register backup taken before the upgrade ($backup) is missing; not rolling back"
        stamp=$(date -u +%Y%m%dT%H%M%SZ)
        local moved=$data/register.sqlite3.rolled-back-$stamp
        # Kept, not deleted: visits since the upgrade are in it.
        [ -f "$data/register.sqlite3" ] && mv "$data/register.sqlite3" "$moved"
        for suffix in -wal -shm; do
            [ -f "$data/register.sqlite3$suffix" ] && mv "$data/register.sqlite3$suffix" "$moved$suffix"
        done
        install -m 0600 "$(R "$backup")" "$data/register.sqlite3"
        [ "$STAGING" = 1 ] || chown "$USER_NAME:" "$data/register.sqlite3"
        say "register restored from $backup; the register as it was is kept as $moved"
        say "visits recorded since the upgrade: \`kiosk sync --pull\` brings back those the district received"
    fi
    switch_current "$prev"
    reload_system
    start_kiosk
    write_manifest
    say "rolled back from $cur to $prev"
}

# ---------------------------------------------------------------------------------------------
# uninstall, status

do_uninstall() {
    local entry dm
    stop_kiosk
    systemctl_ disable "${ENABLE[@]}" >/dev/null 2>&1 || true
    for entry in "${SYSTEM_FILES[@]}"; do rm -f "$(R "${entry#*:}")"; done
    rm -f "$(R "/usr/local/sbin/$APP-install")"
    if [ -f "$(R "$PREFIX/display-manager.disabled")" ]; then
        dm=$(cat "$(R "$PREFIX/display-manager.disabled")")
        say "enabling the desktop's display manager again ($dm)"
        systemctl_ enable "$dm" >/dev/null 2>&1 || true
    fi
    rm -rf "$(R "$PREFIX")"
    if [ "$PURGE" = 1 ]; then
        rm -rf "$(R "$DATA")" "$(R "$BACKUPS")"
        if [ "$STAGING" = 1 ]; then
            sed -i "/^$USER_NAME:/d" "$(R /etc/passwd)" "$(R /etc/shadow)" "$(R /etc/group)" "$(R /etc/gshadow)" 2>/dev/null || true
        else
            userdel "$USER_NAME" 2>/dev/null || true
        fi
        say "uninstalled; the register, its backups and the kiosk user were deleted (--purge)"
    else
        say "uninstalled; the register ($DATA), its backups ($BACKUPS) and the kiosk user are kept"
    fi
    reload_system
}

do_status() {
    local cur
    cur=$(current_release)
    [ -n "$cur" ] || { say "not installed"; exit 1; }
    printf 'current release: %s\n' "$cur"
    sed 's/^/  /' "$(R "$PREFIX/releases/$cur/.complete")"
    [ -f "$(R "$PREFIX/releases/$cur/.previous")" ] && sed 's/^/  /' "$(R "$PREFIX/releases/$cur/.previous")"
    printf 'releases: %s\n' "$(ls "$(R "$PREFIX/releases")" | tr '\n' ' ')"
    [ "$STAGING" = 1 ] || systemctl --no-pager status kiosk-session.service || true
}

case "$ACTION" in
    install) do_install ;;
    rollback) do_rollback ;;
    uninstall) do_uninstall ;;
    status) do_status ;;
esac
