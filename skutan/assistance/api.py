from ninja import Router

router = Router(tags=["Ekonomiskt bistånd"])
