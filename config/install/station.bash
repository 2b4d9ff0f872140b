# bash completion for station(1): commands, their options, config files for -c.
_station()
{
	local cur prev cmd i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		run|scan|check|report|history|db) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case $prev in
	-c|--config)
		# Config files (*.ini) and folders; with nothing typed, the service configs too.
		COMPREPLY=($(compgen -f -X '!*.ini' -- "$cur") $(compgen -d -- "$cur"))
		[ -z "$cur" ] && COMPREPLY+=($(compgen -f -X '!*.ini' -- /etc/station/))
		compopt -o filenames 2>/dev/null
		return ;;
	--html|--events)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return ;;
	--slots|--operator|--lot|--since|--until)
		return ;;
	esac
	case $cmd in
	'') COMPREPLY=($(compgen -W 'run scan check report history db --version --help' -- "$cur")) ;;
	run) COMPREPLY=($(compgen -W '-c --config --headless --once --slots --operator --lot --events --help' -- "$cur")) ;;
	scan) COMPREPLY=($(compgen -W '-c --config --help' -- "$cur")) ;;
	check) COMPREPLY=($(compgen -W '-c --config --keys --codes --man --example --help' -- "$cur")) ;;
	history) COMPREPLY=($(compgen -W '--db --help' -- "$cur")) ;;
	db) COMPREPLY=($(compgen -W 'init import -c --config --admin --help' -- "$cur")) ;;
	report)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--since --until --lot --station --db --csv --html --help' -- "$cur"))
		else
			COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur"))
			compopt -o filenames 2>/dev/null
		fi ;;
	esac
}
complete -F _station station
