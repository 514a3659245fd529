# tests/cli/zsh_complete.zsh COMPDIR LINE: type LINE and a tab into an
# interactive zsh (on a pseudo-terminal, zsh/zpty) whose completion system
# loads COMPDIR's _schemadiff, and print the first set of matches the
# completion offers, one line: "<<HITS match... >>". Used by
# tests/cli/packaging.sh; the caller puts a time limit on it.
zmodload zsh/zpty || exit 1
compdir=$1 line=$2
zpty z zsh -f -i
zpty -w z "PS1='%% '; fpath=($compdir \$fpath); autoload -U compinit; compinit -u -D"
# every compadd also prints what it adds (the quotes keep the echo of
# this line from matching)
zpty -w z 'compadd () { local -a __hits; builtin compadd -O __hits "$@"; (( $#__hits )) && print -r -- "<<H""ITS ${__hits[*]} >>" >/dev/tty; builtin compadd "$@"; }'
zpty -w z 'zstyle ":completion:*" menu no'
zpty -n -w z "$line"$'\t'
zpty -r z out '*<<HITS*>>*'
print -r -- $out | tr -d '\r' | grep -o '<<HITS[^>]*>>' | head -n 1
zpty -d z
