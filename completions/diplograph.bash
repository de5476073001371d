# bash completion for diplograph (installed as
# share/bash-completion/completions/diplograph). tests/completions_test.py
# checks that every command and option of `diplograph --help` is here.

_diplograph()
{
    local cur prev words cword
    _init_completion -s 2>/dev/null || {
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    }

    local commands="extract build report render lexicon"
    local options="-o --output --json-format --csv-prefix --lexicon
        --no-default-lexicon --evidence --since --until --include-negated
        --slice --layout --title
        --max-edges --dpi --node-size --node-color --sort --top --focus --depth
        --min-events --min-weight --actors-only --max-document-size -j --jobs
        --explain -q --quiet -h --help --version"

    case $prev in
        -o|--output|--lexicon|--csv-prefix)
            _filedir 2>/dev/null || COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --json-format)
            COMPREPLY=($(compgen -W "node-link cytoscape graphology" -- "$cur"))
            return ;;
        --layout)
            COMPREPLY=($(compgen -W "dot neato fdp sfdp circo twopi osage patchwork" -- "$cur"))
            return ;;
        --node-size)
            COMPREPLY=($(compgen -W "pagerank betweenness harmonic eigenvector hub authority mentions" -- "$cur"))
            return ;;
        --node-color)
            COMPREPLY=($(compgen -W "community type" -- "$cur"))
            return ;;
        --slice)
            COMPREPLY=($(compgen -W "year quarter month" -- "$cur"))
            return ;;
        --actors-only)
            COMPREPLY=($(compgen -W "states organizations all" -- "$cur"))
            return ;;
        --sort)
            COMPREPLY=($(compgen -W "mentions in_degree out_degree cooperation_given conflict_given cooperation_received conflict_received net_given net_received betweenness harmonic pagerank eigenvector hub authority community" -- "$cur"))
            return ;;
        --evidence|--title|--max-edges|--dpi|--top|--focus|--depth|--min-events|--min-weight|--max-document-size|-j|--jobs)
            return ;;
    esac

    if [ "$cword" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$commands -h --help --version" -- "$cur"))
        return
    fi
    if [ "${words[1]}" = lexicon ] && [ "$cword" -eq 2 ]; then
        COMPREPLY=($(compgen -W "check list" -- "$cur"))
        return
    fi
    if [ "${words[1]}" = lexicon ] && [ "${words[2]}" = list ] && [ "$cword" -eq 3 ]; then
        COMPREPLY=($(compgen -W "actors leaders cues names" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    _filedir 2>/dev/null || COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _diplograph diplograph
