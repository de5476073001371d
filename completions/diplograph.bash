# bash completion for diplograph (installed as
# share/bash-completion/completions/diplograph). tests/cli_docs_test.py
# checks that every command of `diplograph --help` is here, and for each
# command exactly the options of `diplograph COMMAND --help`.

_diplograph()
{
    local cur prev words cword
    _init_completion -s 2>/dev/null || {
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    }

    local commands="extract build merge report render lexicon"
    # each command's options, as `diplograph COMMAND --help` lists them
    local options
    case ${words[1]} in
        extract) options="-o --output --format --input-format --lexicon
            --no-default-lexicon --include-negated --max-document-size -j
            --jobs --shard --explain -q --quiet -h --help" ;;
        build) options="-o --output --format --input-format --json-format --csv-prefix
            --lexicon --no-default-lexicon --evidence --include-negated
            --since --until --slice --layout --title --max-edges --dpi
            --seed --node-size --node-color --max-document-size -j --jobs
            --partial --shard -q --quiet -h --help" ;;
        merge) options="-o --output --format --json-format --csv-prefix --lexicon
            --no-default-lexicon --evidence --include-negated --since
            --until --slice --layout --title --max-edges --dpi --seed
            --node-size --node-color --partial -h --help" ;;
        report) options="-o --output --format --input-format --lexicon
            --no-default-lexicon --evidence --include-negated --since
            --until --slice --sort --top --focus --depth --min-events
            --min-weight --actors-only --max-document-size -j --jobs --shard
            -q --quiet -h --help" ;;
        render) options="-o --output --format --input-format --json-format --csv-prefix
            --layout --title --max-edges --dpi --seed --node-size
            --node-color --focus --depth --min-events --min-weight
            --actors-only -h --help" ;;
        lexicon) options="--lexicon --no-default-lexicon -h --help" ;;
        *) options="" ;;
    esac

    case $prev in
        -o|--output|--lexicon|--csv-prefix)
            _filedir 2>/dev/null || COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --json-format)
            COMPREPLY=($(compgen -W "node-link cytoscape graphology" -- "$cur"))
            return ;;
        --format)
            case ${words[1]} in
                extract) COMPREPLY=($(compgen -W "jsonl" -- "$cur")) ;;
                report) COMPREPLY=($(compgen -W "txt md csv json" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "json cyjs graphml gexf html dot svg png pdf" -- "$cur")) ;;
            esac
            return ;;
        --input-format)
            COMPREPLY=($(compgen -W "text jsonl graph" -- "$cur"))
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
        --evidence|--title|--max-edges|--seed|--dpi|--top|--focus|--depth|--min-events|--min-weight|--max-document-size|-j|--jobs|--shard)
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
