# Manufacturing CRM for Odoo 18: set-up, main job, tests and lint.
DB ?= crm_manufacturing
PORT ?= 8069
export DB PORT

.PHONY: setup run test lint i18n check-install wheels replica
setup:            ## PostgreSQL, Odoo 18.0 (ODOO_SRC=...), venv and chromium, outside the clone
	bash tools/setup.sh
run:              ## database $(DB) with the modules and demo data, served on 127.0.0.1:$(PORT)
	bash tools/run.sh
test:             ## fresh database, clean install of the modules, every test with pytest-odoo
	bash tools/test.sh
lint:             ## pre-commit: ruff, pylint-odoo
	bash tools/lint.sh
i18n:             ## export i18n/<module>.pot and merge zh_CN.po (MODULE=a,b to limit)
	bash tools/i18n.sh
check-install:    ## install each module alone (with only its dependencies) into a fresh database
	bash tools/check_install.sh
wheels:           ## build every addon's wheel (whool), install them in a fresh venv and a fresh database
	bash tools/wheels.sh
replica:          ## a local streaming replica of the PostgreSQL cluster on port 5433 (stop/drop: bash tools/replica.sh stop|drop)
	bash tools/replica.sh start
