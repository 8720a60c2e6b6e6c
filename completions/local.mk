## Shell completions, one file per binary and shell; the directories are
## defined in Makefile.am (under $(datadir), so distcheck installs as a
## normal user).
dist_bashcomp_DATA += completions/bash/phiscan
dist_zshcomp_DATA += completions/zsh/_phiscan
dist_fishcomp_DATA += completions/fish/phiscan.fish
dist_bashcomp_DATA += completions/bash/auditlog
dist_zshcomp_DATA += completions/zsh/_auditlog
dist_fishcomp_DATA += completions/fish/auditlog.fish
dist_bashcomp_DATA += completions/bash/dsver
dist_zshcomp_DATA += completions/zsh/_dsver
dist_fishcomp_DATA += completions/fish/dsver.fish
dist_bashcomp_DATA += completions/bash/phiredact
dist_zshcomp_DATA += completions/zsh/_phiredact
dist_fishcomp_DATA += completions/fish/phiredact.fish
dist_bashcomp_DATA += completions/bash/lineage
dist_zshcomp_DATA += completions/zsh/_lineage
dist_fishcomp_DATA += completions/fish/lineage.fish
dist_bashcomp_DATA += completions/bash/keyrot
dist_zshcomp_DATA += completions/zsh/_keyrot
dist_fishcomp_DATA += completions/fish/keyrot.fish
dist_bashcomp_DATA += completions/bash/infer
dist_zshcomp_DATA += completions/zsh/_infer
dist_fishcomp_DATA += completions/fish/infer.fish
dist_bashcomp_DATA += completions/bash/ksign
dist_zshcomp_DATA += completions/zsh/_ksign
dist_fishcomp_DATA += completions/fish/ksign.fish
